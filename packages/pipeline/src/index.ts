// Public entry of the pipeline package. Each concept folder exports its own API.
export * from "./image-backend";
export * from "./backgrounds";
export * from "./fonts";
export * from "./compose";
export * from "./export";
export * from "./quality";
export * from "./poster";
export * from "./diffusion";
export * from "./text";
export * from "./rephraser";
export * from "./product";
