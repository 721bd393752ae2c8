export * from "./encode";
