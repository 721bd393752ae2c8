export * from "./generate";
export * from "./rerender";
