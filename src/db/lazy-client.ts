// A Prisma client made on first use. Loading a generated client and Prisma's runtime costs a process some
// 20 MB of resident memory (bench/README.md, "Footprint"), and an idle server never needs them: /healthz,
// the job worker's polls and the scheduler's probes go through the driver underneath. So the client is
// created the first time anything is asked of it.
//
// Until then, what the code asks is recorded and replayed on the real client once it exists: a property path
// then a call (`prisma.workshop.findMany(args)`, `prisma.$transaction(fn)`, a tagged `$queryRaw`), answered
// with a promise; `$extends` gives another lazy client built on this one. Once the client exists, every
// property is the real client's own, so Prisma's lazy promises and batches behave exactly as without this.
type AnyFunction = (...args: unknown[]) => unknown;

const made = new WeakMap<object, () => boolean>();

export function lazyClient<T extends object>(load: () => Promise<T>): T {
  let ready: T | undefined;
  let loading: Promise<T> | undefined;
  const client = (): Promise<T> => (loading ??= load().then(
    (c) => (ready = c),
    (error: unknown) => {
      loading = undefined; // a failed load (a module missing, say) is tried again on the next use
      throw error;
    },
  ));

  const member = (path: PropertyKey[]): unknown => new Proxy(function deferred() {}, {
    get: (_target, prop) => (prop === 'then' ? undefined : member([...path, prop])),
    apply: (_target, _self, args: unknown[]) => client().then((c) => {
      let owner: unknown = c;
      for (const p of path.slice(0, -1)) owner = (owner as Record<PropertyKey, unknown>)[p];
      const fn = (owner as Record<PropertyKey, AnyFunction>)[path[path.length - 1]!]!;
      return fn.apply(owner, args);
    }),
  });

  const lazy = new Proxy({} as T, {
    get: (_target, prop) => {
      if (ready) {
        const value = (ready as Record<PropertyKey, unknown>)[prop];
        return typeof value === 'function' ? (value as AnyFunction).bind(ready) : value;
      }
      // Awaiting the client (or returning it from an async function) must not take it for a promise.
      if (prop === 'then' || typeof prop === 'symbol') return undefined;
      // Nothing to disconnect from a client never made: closing must not load it.
      if (prop === '$disconnect') return () => (loading ? loading.then((c) => (c as { $disconnect(): Promise<void> }).$disconnect(), () => {}) : Promise.resolve());
      if (prop === '$extends') return (...args: unknown[]) => lazyClient(async () => ((await client()) as { $extends: AnyFunction }).$extends(...args) as object);
      return member([prop]);
    },
    has: (_target, prop) => (ready ? prop in ready : false),
  });
  made.set(lazy, () => ready !== undefined);
  return lazy;
}

/** Whether a lazy client's real client exists yet (a test checks that an idle server never makes it). */
export function clientMade(client: object): boolean {
  return made.get(client)?.() ?? true;
}
