export { ProceduralBackend, renderProcedural, familiesFor } from "./procedural";
export { FAMILIES, type FamilyName } from "./families";
