/**
 * A base class whose instances carry the methods of the stores given to its constructor: how a
 * driver is composed of one store per concern while staying one class (`new SqliteStorage(file)`,
 * `instanceof`). The stores' methods must not use `this`; they close over their connection.
 */
export function composedOf<Stores extends object>(): new (stores: Stores) => Stores {
  return class {
    constructor(stores: Stores) {
      Object.assign(this, stores)
    }
  } as new (
    stores: Stores,
  ) => Stores
}
