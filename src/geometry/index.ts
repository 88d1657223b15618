// Public exports of src/geometry.
export {};
