/** Builds `root`/src into `root`/dist (see build.mjs); how many files were written and removed. */
export function build(root?: string): Promise<{ written: number; removed: number }>;
