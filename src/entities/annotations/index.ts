// Public exports of this part of the entity model.
export {};
