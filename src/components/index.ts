// Public exports of the components entry point (`dl-kit/components`).
export {};
