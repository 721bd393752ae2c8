// next-env.d.ts is rewritten by every `next dev` (and names its build folder),
// so it is git-ignored; these are the references the type-checker needs.
/// <reference types="next" />
/// <reference types="next/image-types/global" />
