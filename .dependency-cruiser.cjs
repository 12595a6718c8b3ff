// Parcours' layers, checked by dependency-cruiser (`npm run lint:layers` to read the report, and
// test/architecture/layers.test.ts in `npm test`). Dependencies point inward:
//
//   src/core                     the method: rules, commands, read models, the storage port — zod only
//   src/conversation, src/present, src/render
//                                platform-neutral: what a conversation keeps, view models, pictures and documents
//   src/slack, src/teams         chat platform adapters (SDKs live here)
//   src/db, src/llm, src/http    infrastructure: databases, language model, the server's own routes
//   src/server.ts, src/cli.ts    the only places that wire outer layers together
//
// Paths are matched against resolved files relative to the cruise's baseDir (the repository root), so
// `^src/db/` is our database layer and `(^|/)node_modules/pg/` the `pg` package wherever it is installed.
// Type-only imports count: a layer that names another layer's types depends on it.

/** npm packages of the chat platforms: Slack, Microsoft Teams (Bot Framework, Agents SDK, Adaptive Cards). */
const PLATFORM_SDKS =
  '(^|/)node_modules/(@slack/|botbuilder[^/]*/|botframework-[^/]*/|@microsoft/|adaptivecards[^/]*/)';
/** npm packages that talk to a database, and their type packages. */
const DATABASE_PACKAGES =
  '(^|/)node_modules/(@prisma/|prisma/|pg/|pg-boss/|better-sqlite3/|@types/(pg|better-sqlite3)/)';
/** The HTTP server framework: routes belong to src/http and the adapters, never to the inner layers. */
const HTTP_FRAMEWORK = '(^|/)node_modules/(express/|@types/express/)';
/** The language model client: reached only through src/llm. */
const LLM_SDK = '(^|/)node_modules/openai/';

/** Imports that vanish when TypeScript erases types. */
const TYPE_ONLY = ['type-only', 'type-import', 'pre-compilation-only'];
/** Prisma's generated client (npm install writes it; not ours to restructure). */
const GENERATED = '^src/db/generated/';

/** The outer layers: each is wired to the others by src/server.ts and src/cli.ts only. */
const OUTER_LAYERS = ['slack', 'teams', 'db', 'llm', 'http'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-only-core-and-zod',
      comment:
        'src/core is the method itself: typed rules that run the same under any platform, database or ' +
        'test. It imports its own files and zod (command validation), nothing else — no other npm ' +
        'package, no Node built-in (none is used today), no outer folder of src. Storage is reached ' +
        'through the port in src/core/store.ts, which src/db implements.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { pathNot: ['^src/core/', '(^|/)node_modules/zod/'] },
    },
    {
      name: 'neutral-layers-import-no-platform-database-or-server',
      comment:
        'src/present (view models), src/render (maps, roadmap documents) and src/conversation (what a ' +
        'conversation keeps, as ports) are shared by every chat platform and run on either database: ' +
        'they import no chat platform SDK, no database package, no express, no language model client, ' +
        'and nothing from the adapters (src/slack, src/teams) or the infrastructure (src/db, src/llm).',
      severity: 'error',
      from: { path: '^src/(present|render|conversation)/' },
      to: {
        path: [PLATFORM_SDKS, DATABASE_PACKAGES, HTTP_FRAMEWORK, LLM_SDK, '^src/(slack|teams|db|llm)/'],
      },
    },
    {
      name: 'adapters-import-no-database',
      comment:
        'A chat adapter (src/slack, src/teams) turns platform payloads into engine commands and view ' +
        'models into platform messages. What it keeps goes through the ports of src/core and ' +
        'src/conversation, implemented by src/db and handed to it by src/server.ts: it imports neither ' +
        'src/db nor a database package, so both databases serve both platforms unchanged.',
      severity: 'error',
      from: { path: '^src/(slack|teams)/' },
      to: { path: ['^src/db/', DATABASE_PACKAGES] },
    },
    {
      name: 'adapters-import-not-each-other',
      comment:
        'Slack and Teams are siblings: what they share belongs in src/present or src/conversation, so ' +
        'either adapter can change (or be left out) without touching the other.',
      severity: 'error',
      from: { path: '^src/(slack|teams)/' },
      to: { path: '^src/(slack|teams)/', pathNot: '^src/$1/' },
    },
    {
      name: 'only-the-teams-sdk-file-imports-the-bot-framework',
      comment:
        'Microsoft archived the Bot Framework SDK (botbuilder) and points to @microsoft/agents-hosting. ' +
        'src/teams/sdk.ts is the one file that imports either, behind our own small types, so moving to ' +
        'the successor means rewriting that file alone.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/teams/sdk\\.ts$' },
      to: { path: '(^|/)node_modules/(botbuilder[^/]*/|botframework-[^/]*/|@microsoft/agents-[^/]*/)' },
    },
    {
      name: 'db-imports-no-platform-or-presentation',
      comment:
        'src/db stores what the engine and the conversation layer ask it to store, through their ports; ' +
        'it knows no chat platform (src/slack, src/teams, their SDKs) and nothing of how things are shown ' +
        '(src/present, src/render).',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: ['^src/(slack|teams|present|render)/', PLATFORM_SDKS] },
    },
    {
      name: 'only-entry-points-wire-outer-layers',
      comment:
        `The outer layers (${OUTER_LAYERS.map((l) => `src/${l}`).join(', ')}) are put together by ` +
        'src/server.ts and src/cli.ts alone. Any other file of src (src/demo, src/i18n, src/llm, ' +
        'src/http, config.ts, log.ts, cli-output.ts…) imports no outer layer but its own. The layers with ' +
        'a rule of their own above (core, present, render, conversation, slack, teams, db) are left out ' +
        'here so that a violation is reported once.',
      severity: 'error',
      from: {
        path: '^src/([^/]+)',
        pathNot: ['^src/(server|cli)\\.ts$', '^src/(core|present|render|conversation|slack|teams|db)/'],
      },
      to: { path: `^src/(${OUTER_LAYERS.join('|')})/`, pathNot: '^src/$1/' },
    },
    {
      name: 'entry-points-are-not-imported',
      comment:
        'src/server.ts and src/cli.ts wire everything; a module of src that imports them depends on every ' +
        'layer at once (and closes a cycle). Only bin/parcours.js, tests and benchmarks — outside the ' +
        'checked tree — import them. A type an adapter needs from the server belongs in an inner layer.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(server|cli)\\.ts$' },
      to: { path: '^src/(server|cli)\\.ts$' },
    },
    {
      name: 'no-circular',
      comment:
        'A cycle between modules at run time makes the load order matter and the layers meaningless: two ' +
        'modules that need each other are one module, or share something that belongs in a third. Only ' +
        'imports that survive type erasure count here; cycles through types are the warning below.',
      severity: 'error',
      from: {},
      to: {
        circular: true,
        viaOnly: { dependencyTypesNot: TYPE_ONLY },
      },
    },
    {
      name: 'no-circular-through-types',
      comment:
        'A cycle closed by a type-only import loads fine but still ties two modules together (usually a ' +
        'type declared in the wrong place). Reported as a warning; Prisma\'s generated client, which ' +
        'is made that way, is left out, and a cycle at run time is the error above, not this.',
      severity: 'warn',
      from: { pathNot: GENERATED },
      to: { circular: true, pathNot: GENERATED, via: { dependencyTypes: TYPE_ONLY } },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'Every import must resolve to a file, or the rules above could not see where it goes (a typo, a ' +
        'package missing from package.json, or a resolution this configuration does not know).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Follow our own sources only; a package is a leaf (its own imports are its business).
    doNotFollow: { path: '(^|/)node_modules/' },
    // Count type-only imports (`import type`, `typeof import(…)`): TypeScript's view, not the JavaScript
    // left after type erasure.
    tsPreCompilationDeps: true,
    // tsconfig.json's NodeNext resolution: `./x.js` in a .ts file is ./x.ts. dependency-cruiser maps
    // .js→.ts, .mjs→.mts/.d.mts itself when the .js file does not exist.
    tsConfig: { fileName: 'tsconfig.json' },
    // Resolve packages as Node's ESM loader does: through their `exports` maps, with the conditions
    // TypeScript and Node use, so `@prisma/client/runtime/client` and the like resolve to real files.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'require', 'node', 'default'],
      mainFields: ['types', 'typings', 'module', 'main'],
      extensions: ['.ts', '.mts', '.d.ts', '.d.mts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
