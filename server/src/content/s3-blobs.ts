import { randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { access, mkdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { BlobNotFound, type BlobStore, checkKey, hashFile } from './blob-store.ts'

export interface S3Settings {
  bucket: string
  /** An S3-compatible endpoint (`S3_ENDPOINT`); AWS's own when absent. */
  endpoint: string | undefined
  region: string
  /** Key prefix inside the bucket (`S3_PREFIX`, default "blobs/"). */
  prefix: string
  /** Explicit credentials; otherwise the SDK's usual chain (AWS_* variables, profiles, roles). */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined
}

type Sdk = typeof import('@aws-sdk/client-s3')

const isNotFound = (sdk: Sdk, error: unknown) =>
  error instanceof sdk.S3ServiceException &&
  (error.name === 'NotFound' ||
    error.name === 'NoSuchKey' ||
    error.$metadata.httpStatusCode === 404)

/**
 * Blobs as objects of an S3-compatible bucket, for several instances sharing one store. The
 * tools that need a file read a local copy under `cacheDir`, downloaded once, checked against
 * its key, and renamed into place.
 */
export function s3Blobs(settings: S3Settings, cacheDir: string): BlobStore {
  // The SDK is large: loaded on first use, and only where S3 is configured.
  const loaded = import('@aws-sdk/client-s3').then((sdk) => ({
    sdk,
    client: new sdk.S3Client({
      region: settings.region,
      ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
      // Checksums only where S3 requires them: many S3-compatible servers store the SDK's
      // default aws-chunked trailers as part of the object.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  }))
  const Bucket = settings.bucket
  const objectKey = (key: string) => `${settings.prefix}${checkKey(key)}`
  const has = async (key: string) => {
    const { sdk, client } = await loaded
    try {
      await client.send(new sdk.HeadObjectCommand({ Bucket, Key: objectKey(key) }))
      return true
    } catch (error) {
      if (isNotFound(sdk, error)) return false
      throw error
    }
  }
  const read = async (key: string): Promise<Readable> => {
    const { sdk, client } = await loaded
    try {
      const object = await client.send(new sdk.GetObjectCommand({ Bucket, Key: objectKey(key) }))
      if (!(object.Body instanceof Readable)) throw new Error('S3 answered without a body')
      return object.Body
    } catch (error) {
      if (isNotFound(sdk, error)) throw new BlobNotFound(key)
      throw error
    }
  }

  return {
    driver: 's3',
    async put(key, path) {
      if (await has(key)) return
      const { size } = await stat(path)
      const { sdk, client } = await loaded
      await client.send(
        new sdk.PutObjectCommand({
          Bucket,
          Key: objectKey(key),
          Body: createReadStream(path),
          ContentLength: size,
        }),
      )
    },
    has,
    read,
    async localPath(key) {
      const path = join(cacheDir, checkKey(key))
      const cached = await access(path).then(
        () => true,
        () => false,
      )
      if (cached) return path
      await mkdir(cacheDir, { recursive: true })
      const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`
      try {
        await pipeline(await read(key), createWriteStream(temporary))
        if ((await hashFile(temporary)) !== key)
          throw new Error(`The object for blob ${key} does not match its key`)
        await rename(temporary, path)
      } finally {
        await rm(temporary, { force: true })
      }
      return path
    },
    async delete(key) {
      const { sdk, client } = await loaded
      await client.send(new sdk.DeleteObjectCommand({ Bucket, Key: objectKey(key) }))
      await rm(join(cacheDir, key), { force: true })
    },
  }
}
