// `npm run teams:package [-- out.zip]`: the Microsoft Teams app package an admin uploads (docs/teams-install.md).
//
// manifests/teams/ holds the manifest and its French strings as templates, and the two icons as SVG: the
// deployment's own values (the Azure bot's app id, the public host) are only known where it runs, so they are
// filled here from the environment, and the icons are rendered to PNG here with resvg (already used for the map)
// so that no binary file is committed beside its source. Everything lands at the zip's root, as Teams requires.
//
// The manifest's `id` is the bot's app id too: one registration, one app, nothing else to keep unique per tenant.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { zipSync } from 'fflate';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const TEAMS_DIR = resolve(ROOT, 'manifests/teams');
export const DEFAULT_OUT = resolve(ROOT, 'out/teams/parcours-teams.zip');

/** The icons: the SVG drawn in manifests/teams and the name of the PNG the manifest points at. */
export const ICONS = { color: { svg: 'color.svg', png: 'color.png', size: 192 }, outline: { svg: 'outline.svg', png: 'outline.png', size: 32 } };

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/** A missing or wrong setting, said so that an operator knows what to set (the CLI prints only the message). */
export class TeamsPackageError extends Error {
  name = 'TeamsPackageError';
}

function httpsUrl(env, name) {
  const value = env[name]?.trim();
  if (!value) return null;
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new TeamsPackageError(`${name} must be a URL such as https://parcours.example.com (got "${value}").`);
  }
  // Teams fetches images and opens links only over HTTPS (docs/teams-install.md).
  if (url.protocol !== 'https:') throw new TeamsPackageError(`${name} must start with https:// (got "${value}").`);
  return url;
}

/** The values the templates' {{PLACEHOLDERS}} take, from the environment; throws a TeamsPackageError naming what is missing. */
export function packageValues(env = process.env) {
  const appId = env.MICROSOFT_APP_ID?.trim();
  if (!appId) {
    throw new TeamsPackageError('MICROSOFT_APP_ID is not set: set it to the Microsoft App ID of your Azure Bot (a GUID, from the bot\'s Configuration page) before building the Teams package.');
  }
  if (!GUID.test(appId)) throw new TeamsPackageError(`MICROSOFT_APP_ID must be the Azure Bot's Microsoft App ID, a GUID such as 00000000-0000-0000-0000-000000000000 (got "${appId}").`);
  const publicUrl = httpsUrl(env, 'PARCOURS_PUBLIC_URL');
  if (!publicUrl) {
    throw new TeamsPackageError('PARCOURS_PUBLIC_URL is not set: set it to the public HTTPS address of this Parcours server (e.g. https://parcours.example.com) before building the Teams package.');
  }
  const site = publicUrl.href;
  const version = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')).version;
  return {
    VERSION: version,
    MICROSOFT_APP_ID: appId.toLowerCase(),
    PARCOURS_PUBLIC_URL: site,
    // The only domain the app's cards link to: the map and documents are served by Parcours itself.
    PARCOURS_PUBLIC_HOST: publicUrl.hostname,
    // An organisation publishing the app may point these at its own pages; the server's address stands in.
    PARCOURS_PRIVACY_URL: httpsUrl(env, 'PARCOURS_PRIVACY_URL')?.href ?? site,
    PARCOURS_TERMS_URL: httpsUrl(env, 'PARCOURS_TERMS_URL')?.href ?? site,
  };
}

/** `template` with every {{NAME}} in its strings replaced; a placeholder left unknown is a bug in the template. */
export function fill(template, values) {
  const text = JSON.stringify(template).replace(/\{\{([A-Z_]+)\}\}/g, (whole, name) => {
    if (!(name in values)) throw new Error(`unknown placeholder ${whole} in manifests/teams`);
    // The value goes inside a JSON string: escape it as one.
    return JSON.stringify(String(values[name])).slice(1, -1);
  });
  return JSON.parse(text);
}

function readJson(dir, file) {
  return JSON.parse(readFileSync(resolve(dir, file), 'utf8'));
}

/** The filled manifest and its localisation files (file name → content), from the templates in `dir`. */
export function teamsManifest(env = process.env, dir = TEAMS_DIR) {
  const values = packageValues(env);
  const manifest = fill(readJson(dir, 'manifest.json'), values);
  const localizations = {};
  for (const { file } of manifest.localizationInfo?.additionalLanguages ?? []) localizations[file] = fill(readJson(dir, file), values);
  return { manifest, localizations };
}

/** The icons as PNG (file name → bytes), rendered at their exact size from manifests/teams/*.svg. */
export function renderIcons(dir = TEAMS_DIR) {
  const out = {};
  for (const icon of Object.values(ICONS)) {
    const svg = readFileSync(resolve(dir, icon.svg), 'utf8');
    out[icon.png] = new Uint8Array(new Resvg(svg, { fitTo: { mode: 'width', value: icon.size } }).render().asPng());
  }
  return out;
}

/** Every file of the package (name at the zip's root → bytes). */
export function packageFiles(env = process.env, dir = TEAMS_DIR) {
  const { manifest, localizations } = teamsManifest(env, dir);
  const json = (value) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
  const files = { 'manifest.json': json(manifest) };
  for (const [name, content] of Object.entries(localizations)) files[name] = json(content);
  return { ...files, ...renderIcons(dir) };
}

/** Writes the zip to `out` (created with its folder); returns its path and the names it holds. */
export function buildTeamsPackage({ env = process.env, out = DEFAULT_OUT, dir = TEAMS_DIR } = {}) {
  const files = packageFiles(env, dir);
  // A fixed date keeps the zip byte-identical for identical inputs.
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, [bytes, { mtime: new Date('2020-01-01T00:00:00Z') }]])), { level: 9 });
  const path = resolve(out);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, zip);
  return { path, files: Object.keys(files) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { path, files } = buildTeamsPackage({ out: process.argv[2] ?? DEFAULT_OUT });
    console.log(`Teams app package written to ${path} (${files.join(', ')}). Upload it in Teams (Apps → Manage your apps → Upload an app) or in the Teams admin center (docs/teams-install.md).`);
  } catch (error) {
    if (!(error instanceof TeamsPackageError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
