/* eslint-disable @typescript-eslint/no-var-requires */
/**
 * Customises the webpack config of the official Flex plugin build (`flex-plugin build`,
 * @twilio/flex-plugin-scripts 7.1.2 with @twilio/flex-plugin-webpack 7.1.2, webpack 4).
 *
 * flex-plugin-scripts requires this file if it exists at the repo root and calls it as
 * `(config, { isProd, isDev, isTest }) => config` with the generated config
 * (see flex-plugin-scripts/dist/config/index.js and flex-plugin-webpack/dist/webpack/webpack.config.js).
 *
 * Why: the generated config only compiles code under `src/`. Our plugin imports Redux code that
 * lives in `slices/` and `sagas/` at the repo root (shared with the simulator in `sim/` and jest
 * tests), and the generated config blocks that in two ways:
 *   1. `resolve.plugins` holds a ModuleScopePlugin (from create-react-app) that rejects any
 *      relative import resolving outside `src/` ("You attempted to import ... which falls outside
 *      of the project src/ directory").
 *   2. The babel-loader rule (inside the `oneOf` rule) has `include: <abs path of src/>`, so a `.ts`
 *      file elsewhere falls through to no loader and webpack fails to parse TypeScript syntax.
 * So we drop (1) and widen (2) to also include the absolute paths of `slices/` and `sagas/`.
 * Type-checking still happens (fork-ts-checker-webpack-plugin uses our tsconfig.json).
 */
const path = require('path');

const EXTRA_SOURCE_DIRS = ['slices', 'sagas'].map((dir) => path.resolve(__dirname, dir));

/**
 * Redux Toolkit 1.9's bundled entry (dist/redux-toolkit.esm.js) cannot be tree-shaken: it calls
 * immer's `enableES5()` at load and builds its classes in IIFEs the minifier must keep, so
 * importing `createSlice` alone brings the whole toolkit, reselect and redux-thunk (about 15 KB
 * gzipped). The package ships its TypeScript sources; the plugin uses only `createSlice`, so the
 * build takes it from there (with what it imports: createAction, createReducer, immer), about
 * 4 KB gzipped. Type-checking, jest and the simulator keep using the package entry.
 */
const TOOLKIT_SOURCE = path.dirname(require.resolve('@reduxjs/toolkit/package.json'));
const TOOLKIT_ALIAS = { '@reduxjs/toolkit$': path.join(TOOLKIT_SOURCE, 'src', 'createSlice.ts') };

/**
 * src/install.ts imports redux-persist one module at a time from lib/ (CommonJS, which jest and
 * the simulator load); the bundle takes the same modules from es/, which webpack can shake.
 */
const PERSIST_ALIAS = { 'redux-persist/lib': path.join(path.dirname(require.resolve('redux-persist/package.json')), 'es') };

/** Does this rule's `loader` (or one of its `use` entries) name babel-loader? */
const isBabelLoaderRule = (rule) => {
  const names = [];
  if (typeof rule.loader === 'string') names.push(rule.loader);
  const use = Array.isArray(rule.use) ? rule.use : rule.use ? [rule.use] : [];
  for (const u of use) names.push(typeof u === 'string' ? u : u && u.loader);
  return names.some((n) => typeof n === 'string' && /[\\/]babel-loader[\\/]|^babel-loader$/.test(n));
};

/** Walks rules, including nested `oneOf` / `rules` arrays, calling `visit` on each rule. */
const walkRules = (rules, visit) => {
  for (const rule of rules || []) {
    if (!rule || typeof rule !== 'object') continue;
    visit(rule);
    walkRules(rule.oneOf, visit);
    walkRules(rule.rules, visit);
  }
};

module.exports = (config /* , { isProd, isDev, isTest } */) => {
  // (1) Allow imports from outside src/: remove create-react-app's ModuleScopePlugin.
  if (config.resolve && Array.isArray(config.resolve.plugins)) {
    config.resolve.plugins = config.resolve.plugins.filter(
      (plugin) => !(plugin && plugin.constructor && plugin.constructor.name === 'ModuleScopePlugin'),
    );
  }

  // (2) Compile TypeScript/JS in slices/ and sagas/ (and the toolkit's createSlice source, see
  // above) with the same babel-loader rule as src/. Only the app rule: it is the one with an include.
  const extra = [...EXTRA_SOURCE_DIRS, path.join(TOOLKIT_SOURCE, 'src')];
  let patched = 0;
  walkRules(config.module && config.module.rules, (rule) => {
    if (!isBabelLoaderRule(rule) || rule.include === undefined) return;
    const include = [].concat(rule.include);
    rule.include = [...include, ...extra.filter((dir) => !include.includes(dir))];
    patched += 1;
  });
  // (3) The plugin build keeps every function and class name when minifying (keep_fnames,
  // keep_classnames: useful for React components' names in Flex's own bundle). This plugin has
  // no component, and nothing in it reads a function's name (action types are strings), so its
  // names are minified like the rest: about 1.5 KB gzipped.
  const minimizers = (config.optimization && config.optimization.minimizer) || [];
  for (const minimizer of minimizers) {
    const terser = minimizer && minimizer.options && minimizer.options.terserOptions;
    if (!terser) continue;
    terser.keep_fnames = false;
    terser.keep_classnames = false;
  }

  config.resolve = config.resolve || {};
  config.resolve.alias = { ...(config.resolve.alias || {}), ...TOOLKIT_ALIAS, ...PERSIST_ALIAS };
  if (patched === 0) {
    // Fail loudly if a flex-plugin-webpack upgrade changes the config shape, rather than
    // silently shipping a build that cannot compile slices/ and sagas/.
    throw new Error('webpack.config.js: no babel-loader rule found to extend with slices/ and sagas/');
  }

  return config;
};
