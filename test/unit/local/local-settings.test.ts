// `npm start`'s settings: HOST and PORT checked into plain sentences, and a start failure said as what to do.
import { describe, expect, it } from '@jest/globals';
import { localSettingsFromEnv, startFailureMessage } from '../../../infra/local/local-settings.js';
import { reachableHost } from '../../../infra/local/local-stack.js';

describe('localSettingsFromEnv', () => {
  it('defaults to loopback on 3000 with the demo seeded', () => {
    expect(localSettingsFromEnv({})).toEqual({ port: 3000, host: '127.0.0.1', dataDir: '.data', seed: true });
  });

  it('takes HOST, PORT, SEED=none and the sweep interval', () => {
    expect(
      localSettingsFromEnv({ HOST: '0.0.0.0', PORT: '0', SEED: 'none', SWEEP_INTERVAL_MS: '500' }),
    ).toMatchObject({ host: '0.0.0.0', port: 0, seed: false, sweepIntervalMs: 500 });
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT is "abc": use a port number such as 3000/],
    [{ PORT: '70000' }, /^PORT is "70000"/],
    [{ HOST: 'my laptop' }, /^HOST is "my laptop": use an IP address, e.g. 0.0.0.0/],
    [{ SWEEP_INTERVAL_MS: '10' }, /^SWEEP_INTERVAL_MS must be whole milliseconds, >= 100/],
  ])('%j is refused in words', (env, message) => {
    expect(() => localSettingsFromEnv(env)).toThrow(message);
  });
});

describe('startFailureMessage', () => {
  const settings = { port: 3000, host: '127.0.0.1' };
  it('a taken port says what to do, with the next port', () => {
    const taken = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    expect(startFailureMessage(taken, settings)).toBe(
      'port 3000 is already in use (another crisis-router, or another program). Stop it, or start on another port: PORT=3001 npm start',
    );
  });
  it('an address not of this machine names HOST', () => {
    const error = Object.assign(new Error('x'), { code: 'EADDRNOTAVAIL' });
    expect(startFailureMessage(error, { port: 3000, host: '10.9.9.9' })).toMatch(
      /^HOST 10\.9\.9\.9 is not an address/,
    );
  });
  it('anything else keeps its message and no stack', () => {
    expect(startFailureMessage(new Error('disk full'), settings)).toBe(
      'the local stack did not start: disk full',
    );
  });
});

describe('reachableHost', () => {
  it('loopback is localhost; a named address is itself; every interface is a LAN address', () => {
    expect(reachableHost(undefined)).toBe('localhost');
    expect(reachableHost('127.0.0.1')).toBe('localhost');
    expect(reachableHost('192.168.1.20')).toBe('192.168.1.20');
    expect(reachableHost('fe80::1')).toBe('[fe80::1]');
    expect(reachableHost('0.0.0.0')).toMatch(/^(localhost|\d+\.\d+\.\d+\.\d+)$/);
    expect(reachableHost('0.0.0.0')).not.toBe('0.0.0.0');
  });
});
