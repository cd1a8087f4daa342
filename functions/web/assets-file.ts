/** The web interface's files, written next to the deployed `web` function's bundle at `cdk synth`. */
export const WEB_ASSETS_FILE = 'web-assets.json';
