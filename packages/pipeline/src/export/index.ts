export * from "./encode";
export * from "./print";
