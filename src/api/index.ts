// Public exports of src/api.
export {};
