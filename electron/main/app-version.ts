/** The app version, from package.json (inlined by the bundler). */
import pkg from '../../package.json' with { type: 'json' };

export const APP_VERSION: string = pkg.version;
