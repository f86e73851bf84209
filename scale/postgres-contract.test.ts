import { PostgresStorage } from '../server/src/storage/postgres/postgres-storage.ts'
import { storageContract } from '../server/src/storage/storage-contract.ts'
import { freshDatabase } from './databases.ts'

// The same contract suite the SQLite driver passes, unchanged, against PostgreSQL.
storageContract('postgres', async () => PostgresStorage.open(await freshDatabase()))
