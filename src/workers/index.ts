// Public exports of src/workers.
export {};
