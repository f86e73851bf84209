import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { newId } from '../../../../shared/src/ids.ts'
import { PostgresStorage } from '../../storage/postgres/postgres-storage.ts'
import { SqliteStorage } from '../../storage/sqlite/sqlite-storage.ts'
import { readReleaseData, writeReleaseData } from './release-data.ts'

/**
 * Makes the upgrade fixtures of a release: a SQLite file and a PostgreSQL dump written by this
 * checkout's drivers, with what they read back. Run it at the release's commit:
 *   node --import tsx server/src/testing/upgrade/make-fixtures.ts <release name>
 * PostgreSQL: QUORUM_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) and
 * pg_dump of the same major version on the PATH.
 */

const release = process.argv[2]
if (!release || !/^[\w.-]+$/.test(release)) {
  console.error('Usage: make-fixtures.ts <release name, e.g. 0.1.0>')
  process.exit(2)
}
const out = fileURLToPath(new URL(`./fixtures/${release}/`, import.meta.url))
mkdirSync(out, { recursive: true })
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

// SQLite: the file itself, checkpointed (closing folds the WAL into it).
const work = mkdtempSync(join(tmpdir(), 'quorum-fixture-'))
try {
  const sqlite = new SqliteStorage(join(work, 'quorum.sqlite'))
  await writeReleaseData(sqlite)
  writeFileSync(join(out, 'sqlite-reads.json'), json(await readReleaseData(sqlite)))
  sqlite.db.exec('VACUUM')
  await sqlite.close()
  execFileSync('cp', [join(work, 'quorum.sqlite'), join(out, 'quorum.sqlite')])
} finally {
  rmSync(work, { recursive: true, force: true })
}

// PostgreSQL: a database of its own, dumped as plain SQL, then dropped.
const adminUrl = process.env.QUORUM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const database = `quorum_fixture_${newId(10).toLowerCase()}`
const admin = new pg.Client({ connectionString: adminUrl })
await admin.connect()
await admin.query(`CREATE DATABASE ${database}`)
try {
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  const postgres = await PostgresStorage.open(url.toString())
  await writeReleaseData(postgres)
  writeFileSync(join(out, 'postgres-reads.json'), json(await readReleaseData(postgres)))
  await postgres.close()
  const dump = execFileSync(
    'pg_dump',
    ['--no-owner', '--no-privileges', '--inserts', '--dbname', url.toString()],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  )
  // psql meta-commands (`\restrict` in recent pg_dump) are not SQL; the tests run the dump as SQL.
  const sql = dump
    .split('\n')
    .filter((line) => !line.startsWith('\\'))
    .join('\n')
  writeFileSync(join(out, 'postgres.sql'), sql)
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  await admin.end()
}
// The JSON in the repository's own format, so `npm run lint` passes over the fixtures.
execFileSync('npx', ['biome', 'format', '--write', out], { stdio: 'inherit' })
console.log(`Fixtures of release ${release} written to ${out}`)
