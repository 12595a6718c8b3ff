// The port through which the conversation layer and the chat adapters get a workshop's map and documents as
// links rather than uploads: Teams shows card images only from HTTPS URLs it fetches itself, each time the
// message is shown. src/http/file-links.ts implements it with signed URLs; src/server.ts wires it (null when
// PARCOURS_PUBLIC_URL is not set, and then a platform uploads files as before, or says the map needs it).
import type { WorkshopSnapshot } from '../core/snapshot.js';

/** A department's own roadmap, as a head receives it. */
export interface DepartmentFileLinks {
  departmentId: string;
  md: string;
  csv: string;
}

/**
 * Every link of one version of a workshop. A link names that version: once the workshop changes it answers
 * 404, so a message showing the workshop's current state asks for fresh links when it is updated.
 */
export interface WorkshopFileLinks {
  /** The whole map at most 1024 px wide: what a Teams card can show. */
  preview: string;
  /** The whole map, full size. */
  map: string;
  /** A long journey's parts, full size, in order (empty when the map fits one picture; see render/svg/parts.ts). */
  parts: string[];
  roadmap: { md: string; csv: string; json: string };
  departments: DepartmentFileLinks[];
}

export interface FileLinks {
  forWorkshop(snapshot: WorkshopSnapshot): WorkshopFileLinks;
  /**
   * Renders this snapshot's map (preview, full map, parts) and, with `documents`, its roadmap documents, once,
   * and keeps them (PublishedFileStore): a message showing them goes on working after the workshop changed,
   * where a link to the live version would answer 404. Without `documents` the roadmap links are not kept.
   */
  publish(snapshot: WorkshopSnapshot, options?: { documents?: boolean }): Promise<WorkshopFileLinks>;
}

/** One kept file, named as in its link (preview.png, map-part-2.png, roadmap-<department>.csv…). */
export interface PublishedFile {
  name: string;
  bytes: Buffer;
}

/**
 * The files of a snapshot that were posted (src/db/published-files.ts). A version's bytes never change, so
 * saving is insert-if-absent: a retried job or a second replica saving the same files changes nothing.
 * Deleted with the workshop and with the workspace.
 */
export interface PublishedFileStore {
  save(workspaceId: string, workshopId: string, version: string, files: readonly PublishedFile[]): Promise<void>;
  get(workspaceId: string, workshopId: string, version: string, name: string): Promise<Buffer | null>;
  /** The names already kept for a version: what need not be rendered again. */
  names(workspaceId: string, workshopId: string, version: string): Promise<string[]>;
}
