/** Builds the Microsoft Teams app package (see teams-package.mjs). */
export declare const TEAMS_DIR: string;
export declare const DEFAULT_OUT: string;
export declare const ICONS: {
  color: { svg: string; png: string; size: number };
  outline: { svg: string; png: string; size: number };
};
export declare class TeamsPackageError extends Error {}
type Env = Record<string, string | undefined>;
export type TeamsManifestJson = Record<string, unknown> & { id: string; bots: Array<Record<string, unknown>> };
export declare function packageValues(env?: Env): Record<string, string>;
export declare function fill<T>(template: T, values: Record<string, string>): T;
export declare function teamsManifest(env?: Env, dir?: string): { manifest: TeamsManifestJson; localizations: Record<string, Record<string, unknown>> };
export declare function renderIcons(dir?: string): Record<string, Uint8Array>;
export declare function packageFiles(env?: Env, dir?: string): Record<string, Uint8Array>;
export declare function buildTeamsPackage(options?: { env?: Env; out?: string; dir?: string }): { path: string; files: string[] };
