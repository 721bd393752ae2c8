export * from "./types";
export * from "./factory";
