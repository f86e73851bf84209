import type { Config } from '../config.ts'
import type { Storage } from '../storage/storage.ts'
import type { BlobStore } from './blob-store.ts'
import { diskBlobs } from './disk-blobs.ts'
import { findLibreOffice } from './office.ts'
import { type ContentSettings, folders } from './prepare.ts'
import { RoomFiles } from './room-files.ts'
import { s3Blobs } from './s3-blobs.ts'

/** The blob store the settings ask for: S3 when S3_BUCKET is set, else files in DATA_DIR. */
export function openBlobStore(config: Config): BlobStore {
  const where = folders(config.dataDir)
  return config.s3 ? s3Blobs(config.s3, where.blobCache) : diskBlobs(where.blobs)
}

export function contentSettings(config: Config): ContentSettings {
  return {
    dataDir: config.dataDir,
    maxUploadBytes: config.maxUploadBytes,
    maxPages: config.maxDocumentPages,
    soffice: findLibreOffice(config.sofficePath),
    // LibreOffice maps far more address space than it uses; 2 GiB leaves it room.
    officeLimits: { timeoutMs: config.officeTimeoutMs, memoryMb: 2048 },
    renderLimits: { timeoutMs: config.renderTimeoutMs, memoryMb: 1024 },
    pdfLimits: { timeoutMs: Math.max(config.renderTimeoutMs, 60_000), memoryMb: 1024 },
  }
}

/** The room's documents over this storage, as the settings say. */
export function openRoomFiles(
  config: Config,
  storage: Storage,
  changed?: (roomId: string) => void,
): RoomFiles {
  return new RoomFiles(storage, openBlobStore(config), contentSettings(config), changed)
}
