// The Teams app package (issue 11, point 6): what `npm run teams:package` builds must pass Microsoft's own
// manifest schema (v1.30, bundled in @microsoft/app-manifest, offline), hold exactly the files Teams reads, and
// carry icons of the sizes Teams requires, the outline one white on transparent.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppManifest } from '@microsoft/app-manifest';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import enPresent from '../../src/i18n/locales/en/present.js';
import frPresent from '../../src/i18n/locales/fr/present.js';
// @microsoft/app-manifest requires fs-extra without declaring it: fs-extra is a dev dependency of ours for that.
import { AppManifestUtils } from '@microsoft/app-manifest';
import { buildTeamsPackage, fill, ICONS, packageFiles, renderIcons, teamsManifest, TeamsPackageError, TEAMS_DIR } from '../../scripts/teams-package.mjs';

const APP_ID = '8a1b2c3d-0000-4000-8000-123456789abc';
const ENV = { MICROSOFT_APP_ID: APP_ID, PARCOURS_PUBLIC_URL: 'https://parcours.example.com' };

const require = createRequire(import.meta.url);
// Microsoft's own localisation schema, from the same package. AppManifestUtils cannot compile it: one of its
// patterns ("…\\b]\\.description$") is invalid under the `u` flag ajv uses by default, so it is compiled here
// without that flag (and without checking it against draft-04's meta-schema, which ajv 8 does not bundle).
const LOCALIZATION_SCHEMA = JSON.parse(readFileSync(
  join(require.resolve('@microsoft/app-manifest'), '../json-schemas/teams/v1.30/MicrosoftTeams.Localization.schema.json'), 'utf8'));
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const validateLocalization = addFormats(new Ajv({ allErrors: true, strict: false, validateSchema: false, unicodeRegExp: false }))
  .compile({ ...LOCALIZATION_SCHEMA, $schema: undefined });
function localizationErrors(file: unknown): string[] {
  return validateLocalization(file) ? [] : (validateLocalization.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

let dir = '';
afterEach(() => { if (dir) rmSync(dir, { recursive: true, force: true }); dir = ''; });

function validate(manifest: unknown): Promise<string[]> {
  return AppManifestUtils.validateAgainstSchema(manifest as AppManifest);
}

/** The value at a localisation key's path ("bots[0].commandLists[1].commands[0].title") in the manifest. */
function at(manifest: unknown, path: string): unknown {
  return path.split(/\.|(?=\[)/).reduce<unknown>((node, part) => {
    const index = /^\[(\d+)\]$/.exec(part);
    if (node === undefined || node === null) return undefined;
    return (node as Record<string, unknown>)[index ? Number(index[1]) : part];
  }, manifest);
}

type Command = { title: string; description: string };
function commandLists(manifest: { bots: Array<Record<string, unknown>> }) {
  return manifest.bots[0]!.commandLists as Array<{ scopes: string[]; commands: Command[] }>;
}

describe('the Teams app manifest', () => {
  it('validates against Microsoft’s v1.30 schema once filled from the environment', async () => {
    const { manifest } = teamsManifest(ENV);
    expect(manifest.$schema).toBe('https://developer.microsoft.com/en-us/json-schemas/teams/v1.30/MicrosoftTeams.schema.json');
    expect(manifest.manifestVersion).toBe('1.30');
    expect(await validate(manifest)).toEqual([]);
    expect(JSON.stringify(manifest)).not.toContain('{{');
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0]).toMatchObject({ botId: APP_ID, scopes: ['team', 'groupChat', 'personal'] });
    expect(manifest.validDomains).toEqual(['parcours.example.com']);
    expect(manifest.developer).toMatchObject({ websiteUrl: 'https://parcours.example.com/', privacyUrl: 'https://parcours.example.com/' });
    expect(manifest.version).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('asks resource-specific consent to read the messages of channels and group chats, and says why', async () => {
    const { manifest } = teamsManifest(ENV);
    // Without it a message reaches the bot only when it @mentions it: a workshop's thread could not be read.
    expect(manifest.authorization).toEqual({ permissions: { resourceSpecific: [
      { name: 'ChannelMessage.Read.Group', type: 'Application' },
      { name: 'ChatMessage.Read.Chat', type: 'Application' },
    ] } });
    expect(manifest.webApplicationInfo).toMatchObject({ id: APP_ID });
    expect((manifest.description as { full: string }).full).toMatch(/reads the messages written in a workshop's conversation for one purpose only/);
    // The schema refuses a permission of an unknown type: the check above is not vacuous.
    const wrong = { ...manifest, authorization: { permissions: { resourceSpecific: [{ name: 'ChannelMessage.Read.Group', type: 'Group' }] } } };
    expect((await validate(wrong)).join('\n')).toMatch(/resourceSpecific\/0\/type/);
  });

  it('fails validation when a required field is missing or a value is malformed', async () => {
    const { manifest } = teamsManifest(ENV);
    const { icons: _icons, ...noIcons } = manifest;
    expect((await validate(noIcons)).join('\n')).toMatch(/must have required property 'icons'/);
    const badBot = { ...manifest, bots: [{ ...manifest.bots[0], botId: 'not-a-guid' }] };
    expect((await validate(badBot)).join('\n')).toMatch(/\/bots\/0\/botId must match pattern/);
  });

  it('offers the commands per scope, with the help’s own words in English and French', async () => {
    const { manifest, localizations } = teamsManifest(ENV);
    const [channel, personal] = commandLists(manifest);
    expect(channel!.scopes).toEqual(['team', 'groupChat']);
    expect(channel!.commands.map((c) => c.title)).toEqual(['new', 'status', 'map', 'controls', 'list', 'help']);
    expect(personal!.scopes).toEqual(['personal']);
    expect(personal!.commands.map((c) => c.title)).toEqual(['list', 'help']);

    const fr = localizations['fr.json']!;
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: 'en', additionalLanguages: [{ languageTag: 'fr', file: 'fr.json' }] });
    expect(localizationErrors(fr)).toEqual([]);
    expect(localizationErrors({ ...fr, 'description.short': 'x'.repeat(81) })).toEqual(['/description.short must NOT have more than 80 characters']);
    // Every translated key names a string of the manifest, and every command is translated.
    for (const key of Object.keys(fr).filter((k) => k.startsWith('bots['))) expect(typeof at(manifest, key), key).toBe('string');
    commandLists(manifest).forEach((list, l) => list.commands.forEach((_, c) => {
      expect(fr[`bots[0].commandLists[${l}].commands[${c}].title`]).toBeTypeOf('string');
      expect(fr[`bots[0].commandLists[${l}].commands[${c}].description`]).toBeTypeOf('string');
    }));
    // Titles and descriptions are those `help` shows (src/i18n), so the menu and the bot never disagree.
    for (const [l, list] of commandLists(manifest).entries()) {
      for (const [c, command] of list.commands.entries()) {
        if (command.title === 'help') continue;
        const key = command.title as 'new' | 'status' | 'map' | 'controls' | 'list';
        expect(command.description).toBe(enPresent.help.commands[key].text);
        expect(fr[`bots[0].commandLists[${l}].commands[${c}].title`]).toBe(frPresent.help.commands[key].name);
        expect(fr[`bots[0].commandLists[${l}].commands[${c}].description`]).toBe(frPresent.help.commands[key].text);
      }
    }
  });
});

describe('filling the templates from the environment', () => {
  it('says clearly what to set when MICROSOFT_APP_ID or PARCOURS_PUBLIC_URL is missing or wrong', () => {
    expect(() => teamsManifest({ PARCOURS_PUBLIC_URL: ENV.PARCOURS_PUBLIC_URL })).toThrow(TeamsPackageError);
    expect(() => teamsManifest({ PARCOURS_PUBLIC_URL: ENV.PARCOURS_PUBLIC_URL })).toThrow(/^MICROSOFT_APP_ID is not set: set it to the Microsoft App ID of your Azure Bot/);
    expect(() => teamsManifest({ ...ENV, MICROSOFT_APP_ID: 'parcours-bot' })).toThrow(/MICROSOFT_APP_ID must be the Azure Bot's Microsoft App ID, a GUID/);
    expect(() => teamsManifest({ MICROSOFT_APP_ID: APP_ID })).toThrow(/^PARCOURS_PUBLIC_URL is not set/);
    expect(() => teamsManifest({ ...ENV, PARCOURS_PUBLIC_URL: 'http://parcours.example.com' })).toThrow(/PARCOURS_PUBLIC_URL must start with https:\/\//);
  });

  it('escapes the values it puts in strings and refuses a placeholder it does not know', () => {
    expect(fill({ a: ['{{X}}/x'] }, { X: 'say "hi"' })).toEqual({ a: ['say "hi"/x'] });
    expect(() => fill({ a: '{{NOPE}}' }, {})).toThrow(/unknown placeholder \{\{NOPE\}\}/);
  });

  it('prints the message and exits 1, writing nothing, when run without MICROSOFT_APP_ID', () => {
    dir = mkdtempSync(join(tmpdir(), 'parcours-teams-'));
    const out = join(dir, 'app.zip');
    const env = { PATH: process.env.PATH, PARCOURS_PUBLIC_URL: ENV.PARCOURS_PUBLIC_URL };
    let failure: { status: number; stderr: string } | undefined;
    try {
      execFileSync(process.execPath, ['scripts/teams-package.mjs', out], { env, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      failure = error as { status: number; stderr: string };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr.trim()).toMatch(/^MICROSOFT_APP_ID is not set: /);
    expect(existsSync(out)).toBe(false);
  });
});

describe('the package', () => {
  it('holds exactly the manifest, its French strings and both icons at the zip’s root', () => {
    dir = mkdtempSync(join(tmpdir(), 'parcours-teams-'));
    const { path, files } = buildTeamsPackage({ env: ENV, out: join(dir, 'nested/app.zip') });
    const zip = unzipSync(readFileSync(path));
    expect(Object.keys(zip).sort()).toEqual(['color.png', 'fr.json', 'manifest.json', 'outline.png']);
    expect(files.sort()).toEqual(Object.keys(zip).sort());
    const { manifest, localizations } = teamsManifest(ENV);
    const inZip = JSON.parse(new TextDecoder().decode(zip['manifest.json']));
    expect(inZip).toEqual(manifest);
    expect(JSON.parse(new TextDecoder().decode(zip['fr.json']))).toEqual(localizations['fr.json']);
    expect(inZip.icons).toEqual({ color: ICONS.color.png, outline: ICONS.outline.png });
    expect(zip['color.png']).toEqual(packageFiles(ENV)['color.png']);
  });

  it('builds the same bytes twice from the same inputs', () => {
    dir = mkdtempSync(join(tmpdir(), 'parcours-teams-'));
    const a = readFileSync(buildTeamsPackage({ env: ENV, out: join(dir, 'a.zip') }).path);
    const b = readFileSync(buildTeamsPackage({ env: ENV, out: join(dir, 'b.zip') }).path);
    expect(a.equals(b)).toBe(true);
  });
});

describe('the icons', () => {
  const icons = renderIcons(TEAMS_DIR);
  const decode = (name: string) => PNG.sync.read(Buffer.from(icons[name]!));

  it('are 192×192 in colour and 32×32 in outline', () => {
    const color = decode('color.png');
    const outline = decode('outline.png');
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    // The colour icon is opaque: Teams shows it on any background and rounds its corners itself.
    expect(color.data.filter((_, i) => i % 4 === 3 && color.data[i] !== 255).length).toBe(0);
  });

  it('draws the outline icon in white on transparent only, with something drawn', () => {
    const { data } = decode('outline.png');
    let white = 0;
    const wrong: number[] = [];
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      if (a === 0) continue;
      if (a === 255 && r === 255 && g === 255 && b === 255) white++;
      else wrong.push(i / 4);
    }
    expect(wrong).toEqual([]);
    expect(white).toBeGreaterThan(32 * 32 / 10);
    expect(white).toBeLessThan(32 * 32 / 2);
  });
});
