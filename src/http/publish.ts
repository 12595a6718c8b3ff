// The FileLinks port with publishing: signed links (file-links.ts) to files that are kept once posted. Teams
// fetches a card's image every time the message is shown, long after the workshop changed; a link to the live
// version would then answer 404 and show a broken picture. So what a message shows is rendered once, from the
// snapshot it was made from, and kept (PublishedFileStore); files.ts serves it from there first.
import type { FileLinks, PublishedFile, PublishedFileStore, WorkshopFileLinks } from '../conversation/file-links.js';
import type { WorkshopSnapshot } from '../core/snapshot.js';
import type { Logger } from '../log.js';
import { fileName, fingerprint, type FileKind, type SignedFileLinks } from './file-links.js';
import { renderFile, type FileSource } from './file-render.js';

export class PublishingFileLinks implements FileLinks {
  constructor(
    readonly signed: SignedFileLinks,
    private readonly source: FileSource,
    private readonly store: PublishedFileStore,
    private readonly logger: Logger,
  ) {}

  forWorkshop(s: WorkshopSnapshot): WorkshopFileLinks {
    return this.signed.forWorkshop(s);
  }

  async publish(s: WorkshopSnapshot, options: { documents?: boolean } = {}): Promise<WorkshopFileLinks> {
    const { workspaceId, id: workshopId } = s.workshop;
    const version = fingerprint(s);
    // What an earlier run kept (a retried job, a head's message after the final map) is not drawn again.
    const kept = new Set(await this.store.names(workspaceId, workshopId, version));
    const started = Date.now();
    const files: PublishedFile[] = [];
    const add = async (file: FileKind, names: (bodies: Buffer[]) => PublishedFile[]) => {
      if (kept.has(fileName(file))) return;
      files.push(...names((await renderFile(this.source, s, file)).bodies));
    };
    await add({ kind: 'preview' }, ([preview]) => (preview ? [{ name: fileName({ kind: 'preview' }), bytes: preview }] : []));
    // The whole map and its parts come from one render.
    await add({ kind: 'map' }, (bodies) => bodies.map((bytes, i) => ({ name: fileName(i === 0 ? { kind: 'map' } : { kind: 'part', n: i }), bytes })));
    if (options.documents) {
      const documents: FileKind[] = [
        ...(['md', 'csv', 'json'] as const).map((format): FileKind => ({ kind: 'roadmap', format })),
        ...s.departments.flatMap((d) => (['md', 'csv'] as const).map((format): FileKind => ({ kind: 'roadmap', format, departmentId: d.id }))),
      ];
      for (const file of documents) await add(file, ([bytes]) => (bytes ? [{ name: fileName(file), bytes }] : []));
    }
    if (files.length) {
      await this.store.save(workspaceId, workshopId, version, files);
      this.logger.debug({ workshopId, version, files: files.length, ms: Date.now() - started }, 'files published');
    }
    return this.signed.forWorkshop(s);
  }
}
