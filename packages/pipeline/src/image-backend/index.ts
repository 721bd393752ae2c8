export * from "./types";
export * from "./factory";
export * from "./product-space";
