import { storageContract } from '../server/src/storage/contract/storage-contract.ts'
import { PostgresStorage } from '../server/src/storage/postgres/postgres-storage.ts'
import { freshDatabase } from './databases.ts'

// The same contract suite the SQLite driver passes, unchanged, against PostgreSQL.
storageContract('postgres', async () => PostgresStorage.open(await freshDatabase()))
