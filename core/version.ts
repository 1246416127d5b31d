import packageJson from '../package.json';

/** The app's version, from package.json (bundled in at build time). */
export const SLUICE_VERSION: string = packageJson.version;
