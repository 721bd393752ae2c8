/*
 * The two things every part of a model folder shares — the error that names
 * the file at fault and the loaded-component shape — kept apart from
 * model-folder.ts so the control/ loaders it calls can use them without an
 * import cycle.
 */

/** A model folder problem, naming the file at fault. */
export class ModelFolderError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = "ModelFolderError";
  }
}

export interface OnnxComponent<C> {
  name: string;
  modelPath: string;
  config: C;
}
