export * from "./encode";
export * from "./print";
export * from "./renditions";
