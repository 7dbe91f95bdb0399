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

  // (2) Compile TypeScript/JS in slices/ and sagas/ with the same babel-loader rule as src/.
  let patched = 0;
  walkRules(config.module && config.module.rules, (rule) => {
    if (!isBabelLoaderRule(rule)) return;
    const include = rule.include === undefined ? [] : [].concat(rule.include);
    rule.include = [...include, ...EXTRA_SOURCE_DIRS.filter((dir) => !include.includes(dir))];
    patched += 1;
  });
  if (patched === 0) {
    // Fail loudly if a flex-plugin-webpack upgrade changes the config shape, rather than
    // silently shipping a build that cannot compile slices/ and sagas/.
    throw new Error('webpack.config.js: no babel-loader rule found to extend with slices/ and sagas/');
  }

  return config;
};
