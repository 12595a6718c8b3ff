// Where pg-boss keeps a deployment's jobs: a schema beside the app's own, named after it.
/**
 * pg-boss's schema for the application's (DATABASE_URL's `?schema=`, undefined for the default): an identifier
 * pg-boss accepts (word characters, at most 50), which it writes unquoted (so in lower case).
 */
export function jobSchemaName(appSchema: string | undefined): string {
  if (!appSchema) return 'parcours_jobs';
  let base = appSchema.toLowerCase().replace(/\W/g, '_');
  if (/^\d/.test(base)) base = `s_${base}`;
  return `${base.slice(0, 45)}_jobs`;
}
