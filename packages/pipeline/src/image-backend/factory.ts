import { ProceduralBackend } from "../backgrounds/procedural";
import type { ImageBackend } from "./types";

export interface BackendChoice {
  /** "procedural" (default). Other backends register here as they land. */
  backend?: string;
  /** Model folder for model-based backends. */
  modelDir?: string;
}

export const BACKEND_NAMES = ["procedural"] as const;

/** The one place that maps a backend name (CLI flag, config) to an ImageBackend. */
export async function createImageBackend(choice: BackendChoice = {}): Promise<ImageBackend> {
  const name = choice.backend ?? "procedural";
  switch (name) {
    case "procedural":
      return new ProceduralBackend();
    default:
      throw new Error(`unknown image backend "${name}" (available: ${BACKEND_NAMES.join(", ")})`);
  }
}
