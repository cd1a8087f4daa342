import { describe, expect, it } from '@jest/globals';
import { isGsm7, toGsm7 } from '../../../shared/domain/paging/gsm7.js';

describe('names in GSM-7', () => {
  it.each([
    ['Łódź', 'Lodz'],
    ['Gdańsk Ōmiya', 'Gdansk Omiya'],
    ['Þórshöfn', 'Thorshöfn'],
    ['Œuvre “Santé” – Nord', 'OEuvre "Santé" - Nord'],
    ['Đakovo', 'Dakovo'],
  ])('spells %s as %s, never dropping a letter people read', (name, spelt) => {
    expect(toGsm7(name)).toBe(spelt);
    expect(isGsm7(toGsm7(name))).toBe(true);
  });

  it('drops what has no spelling (emoji, other scripts) and folds the spaces left behind', () => {
    expect(toGsm7('Clinic 🚑 Север')).toBe('Clinic');
  });
});
