// A set of subscribers for a driver's readings or state changes. One faulty subscriber must
// never stop the others, the port keeper, or crash a serial callback.

export interface Listeners<T> {
  add(listener: (value: T) => void): () => void;
  notify(value: T): void;
  clear(): void;
}

export function createListeners<T>(): Listeners<T> {
  const listeners = new Set<(value: T) => void>();
  return {
    add(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notify(value) {
      for (const listener of [...listeners]) {
        try {
          listener(value);
        } catch (error) {
          console.error('Device listener failed:', error);
        }
      }
    },
    clear() {
      listeners.clear();
    },
  };
}
