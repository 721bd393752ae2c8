export * from "./formats";
export * from "./brief";
export * from "./brand-preset";
export * from "./errors";
export * from "./validation";
export * from "./rephrased";
export * from "./poster";
