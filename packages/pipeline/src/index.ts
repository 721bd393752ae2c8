// Public entry of the pipeline package. Each concept folder exports its own API.
export * from "./image-backend";
export * from "./diffusion";
export * from "./text";
export * from "./rephraser";
