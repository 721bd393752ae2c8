export * from "./encode";
export * from "./renditions";
