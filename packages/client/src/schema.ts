// Generated from the OpenAPI document of /api/v1 by scripts/generate.ts: do not edit.
export interface paths {
  "/generations": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List generations, newest first
     * @description Needs the `generations:read` scope.
     */
    get: operations["listGenerations"];
    put?: never;
    /**
     * Submit a generation
     * @description Needs the `generations:write` scope.
     */
    post: operations["createGeneration"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/generations/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A generation: status, progress, queue position, copy, assets
     * @description Needs the `generations:read` scope.
     */
    get: operations["getGeneration"];
    put?: never;
    post?: never;
    /**
     * Cancel a generation (unused credits are returned)
     * @description Needs the `generations:write` scope.
     */
    delete: operations["cancelGeneration"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/presets": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List brand presets
     * @description Needs the `presets:read` scope.
     */
    get: operations["listPresets"];
    put?: never;
    /**
     * Create a brand preset
     * @description Needs the `presets:write` scope.
     */
    post: operations["createPreset"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/presets/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Change a brand preset (a new version)
     * @description Needs the `presets:write` scope.
     */
    patch: operations["updatePreset"];
    trace?: never;
  };
  "/products": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the product library
     * @description Needs the `presets:read` scope.
     */
    get: operations["listProducts"];
    put?: never;
    /**
     * Upload a product photo (a new product, or another photo of one)
     * @description Needs the `presets:write` scope.
     */
    post: operations["uploadProductPhoto"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/products/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Delete a product (it leaves the library; generations that used it keep it)
     * @description Needs the `presets:write` scope.
     */
    delete: operations["deleteProduct"];
    options?: never;
    head?: never;
    /**
     * Rename a product
     * @description Needs the `presets:write` scope.
     */
    patch: operations["renameProduct"];
    trace?: never;
  };
  "/products/{id}/photos/{photo_id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Remove a photo from a product
     * @description Needs the `presets:write` scope.
     */
    delete: operations["deleteProductPhoto"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/products/{id}/photos/{photo_id}/confirm": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Confirm an uncertain cut-out (needs_confirmation) after looking at its cutout_url
     * @description Needs the `presets:write` scope.
     */
    post: operations["confirmProductCutout"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/products/{id}/photos/{photo_id}/describe": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Describe a product photo for the brief (vision endpoint, or the photo's colours)
     * @description Needs the `presets:write` scope.
     */
    post: operations["describeProductPhoto"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/formats": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Formats a generation can ask for */
    get: operations["listFormats"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/usage": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Credits left, and the calling key's scopes */
    get: operations["getUsage"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    CreateGeneration: {
      brief: {
        /**
         * @default en
         * @enum {string}
         */
        language?: "en" | "zh";
        product: string;
        offer?: string;
        audience?: string;
        style?: string;
        headline?: string;
        subline?: string;
        cta?: string;
        /** @enum {string} */
        kind?:
          | "food"
          | "fashion"
          | "beauty"
          | "electronics"
          | "software"
          | "app"
          | "services"
          | "restaurant"
          | "event"
          | "education"
          | "travel"
          | "finance"
          | "real-estate"
          | "automotive"
          | "health"
          | "gift"
          | "b2b"
          | "home"
          | "general";
        productDescription?: {
          /**
           * @default local
           * @enum {string}
           */
          source?: "vision" | "local";
          name?: string;
          category?: string;
          material?: string;
          /** @default [] */
          colors?: string[];
          /** @default [] */
          details?: string[];
        };
        formats: (
          | "instagram-square"
          | "instagram-portrait"
          | "story"
          | "link-ad-landscape"
          | "landscape-hd"
          | "banner-medium-rectangle"
          | "banner-leaderboard"
          | "banner-skyscraper"
          | "print-a4"
          | "print-a3"
        )[];
        preset?: string;
      };
      preset_id: string;
      /** @default 1 */
      variants?: number;
      seed?: number;
      /** @description A product of the library (GET /products): its newest photo whose cut-out is confident or confirmed goes into every asset. */
      product_id?: string;
      /** @description One photo of a library product, instead of product_id. */
      product_photo_id?: string;
      /** @description Receives generation.succeeded/failed/canceled for this request. */
      webhook_url?: string;
      /** @description Echoed back unchanged on the generation and its webhooks. */
      passthrough?: string;
    };
    PresetInput: {
      name: string;
      colors: {
        primary: string;
        secondary: string;
        accent: string;
        background: string;
        text: string;
      };
      fonts: {
        heading: string;
        body: string;
      };
      tone?: string;
      style_keywords?: string[];
      negative?: string[];
      default_formats?: (
        | "instagram-square"
        | "instagram-portrait"
        | "story"
        | "link-ad-landscape"
        | "landscape-hd"
        | "banner-medium-rectangle"
        | "banner-leaderboard"
        | "banner-skyscraper"
        | "print-a4"
        | "print-a3"
      )[];
    };
    PresetPatch: {
      name?: string;
      colors?: {
        primary: string;
        secondary: string;
        accent: string;
        background: string;
        text: string;
      };
      fonts?: {
        heading: string;
        body: string;
      };
      tone?: string;
      style_keywords?: string[];
      negative?: string[];
      default_formats?: (
        | "instagram-square"
        | "instagram-portrait"
        | "story"
        | "link-ad-landscape"
        | "landscape-hd"
        | "banner-medium-rectangle"
        | "banner-leaderboard"
        | "banner-skyscraper"
        | "print-a4"
        | "print-a3"
      )[];
      style_references?: {
        id: string;
        /** @default 0.6 */
        strength?: number;
      }[];
    };
    ProductUpload: {
      /** @description Add the photo to this product; without it a new product is made. */
      product_id?: string;
      /** @description Name of a new product (default: from file_name). */
      name?: string;
      file_name: string;
      /** @description The photo's bytes: PNG (with alpha), JPEG or WebP, at most 10 MB. */
      content_base64: string;
    };
    ProductPatch: {
      /** @description The product's new name (1–80 characters after trimming). */
      name: string;
    };
    ProductDescribe: {
      /**
       * @description The language the description is asked for in.
       * @default en
       * @enum {string}
       */
      language?: "en" | "zh";
    };
    GenerationAccepted: {
      id: string;
      /** @constant */
      object: "generation";
      /** @enum {string} */
      status: "queued" | "running" | "succeeded" | "failed" | "canceled";
      /** @description Credits held: one per format per variant. */
      cost: number;
      status_url: string;
      cancel_url: string;
    };
    Error: {
      error: {
        /** @enum {string} */
        type:
          | "invalid_request_error"
          | "authentication_error"
          | "billing_error"
          | "permission_error"
          | "not_found_error"
          | "conflict_error"
          | "idempotency_error"
          | "rate_limit_error"
          | "api_error";
        /** @description Specific and stable, e.g. bad_request, not_found. */
        code: string;
        /** @description A sentence naming the field at fault. */
        message: string;
        message_zh: string | null;
        field: string | null;
        doc_url: string;
      };
    };
    GenerationList: {
      /** @constant */
      object: "list";
      data: components["schemas"]["Generation"][];
      next_cursor: string | null;
    };
    Generation: {
      id: string;
      /** @constant */
      object: "generation";
      /** @enum {string} */
      status: "queued" | "running" | "succeeded" | "failed" | "canceled";
      created_at: string;
      started_at: string | null;
      finished_at: string | null;
      /** @description 1 = next to start; null unless queued. */
      queue_position: number | null;
      progress: {
        stage: string;
        message: string;
        step: number | null;
        total_steps: number | null;
        assets_done: number;
        assets_total: number;
        formats_done: (
          | "instagram-square"
          | "instagram-portrait"
          | "story"
          | "link-ad-landscape"
          | "landscape-hd"
          | "banner-medium-rectangle"
          | "banner-leaderboard"
          | "banner-skyscraper"
          | "print-a4"
          | "print-a3"
        )[];
      };
      seed: number;
      variants: number;
      formats: (
        | "instagram-square"
        | "instagram-portrait"
        | "story"
        | "link-ad-landscape"
        | "landscape-hd"
        | "banner-medium-rectangle"
        | "banner-leaderboard"
        | "banner-skyscraper"
        | "print-a4"
        | "print-a3"
      )[];
      cost: number;
      copy: {
        headline: string;
        subline: string | null;
        cta: string;
      } | null;
      prompts: {
        prompt: string;
        negative_prompt: string;
      } | null;
      assets: {
        id: string;
        /** @enum {string} */
        format:
          | "instagram-square"
          | "instagram-portrait"
          | "story"
          | "link-ad-landscape"
          | "landscape-hd"
          | "banner-medium-rectangle"
          | "banner-leaderboard"
          | "banner-skyscraper"
          | "print-a4"
          | "print-a3";
        variant: number;
        passed: boolean;
        quality: {
          passed: boolean;
          reasons: string[];
          min_contrast: number | null;
          /** @description Share of the words OCR read back (0–1); null when OCR was off. */
          ocr_read_back: number | null;
        };
        files: {
          /** @enum {string} */
          encoding: "png" | "jpeg" | "webp" | "pdf";
          mime: string;
          bytes: number;
          width: number;
          height: number;
          /** @description Signed; expires at urls_expire_at. */
          url: string;
        }[];
      }[];
      urls_expire_at: string | null;
      error: {
        code: string;
        message: string;
      } | null;
      passthrough: string | null;
      product: {
        id: string;
        photo_id: string;
        name: string;
        /** @description How the product was cut out; null until the generation ran. */
        cutout: {
          /** @enum {string} */
          method: "alpha" | "backdrop" | "model";
          confidence: number;
          colors: string[];
        } | null;
      } | null;
      status_url: string;
      cancel_url: string;
    };
    PresetList: {
      /** @constant */
      object: "list";
      data: components["schemas"]["Preset"][];
    };
    Preset: {
      id: string;
      /** @constant */
      object: "preset";
      slug: string;
      name: string;
      version: number;
      archived: boolean;
      updated_at: string;
      colors: {
        primary: string;
        secondary: string;
        accent: string;
        background: string;
        text: string;
      };
      fonts: {
        heading: string;
        body: string;
      };
      tone: string;
      style_keywords: string[];
      negative: string[];
      default_formats:
        | (
            | "instagram-square"
            | "instagram-portrait"
            | "story"
            | "link-ad-landscape"
            | "landscape-hd"
            | "banner-medium-rectangle"
            | "banner-leaderboard"
            | "banner-skyscraper"
            | "print-a4"
            | "print-a3"
          )[]
        | null;
      logo_url: string | null;
      style_references: {
        id: string;
        url: string;
        strength: number;
      }[];
    };
    ProductList: {
      /** @constant */
      object: "list";
      data: components["schemas"]["Product"][];
    };
    Product: {
      id: string;
      /** @constant */
      object: "product";
      name: string;
      photos: {
        id: string;
        original_name: string;
        width: number;
        height: number;
        /** @description The checked photo; signed, short-lived. */
        photo_url: string;
        /** @description The product on transparency (PNG); signed. */
        cutout_url: string;
        /** @enum {string} */
        method: "alpha" | "backdrop" | "model";
        /** @description 0–1; under 0.6 the cut-out needs confirming. */
        confidence: number;
        /** @description True: a person must confirm the cut-out in the studio before a generation may use it. */
        needs_confirmation: boolean;
        created_at: string;
      }[];
      updated_at: string;
    };
    ProductDeleted: {
      id: string;
      /** @constant */
      object: "product";
      /** @constant */
      deleted: true;
    };
    ProductPhotoDescription: {
      /** @constant */
      object: "product_photo_description";
      /**
       * @description vision: the VLM endpoint described the photo; local: colours and shape read from the cut-out.
       * @enum {string}
       */
      source: "vision" | "local";
      name: string | null;
      category: string | null;
      material: string | null;
      colors: string[];
      details: string[];
      /** @enum {string} */
      orientation: "tall" | "wide" | "square";
      /** @description Why the vision endpoint was not used. */
      note: string | null;
      /** @description The same as brief.productDescription: send it in POST /generations so the image prompt matches the product. */
      product_description: {
        /**
         * @default local
         * @enum {string}
         */
        source: "vision" | "local";
        name?: string;
        category?: string;
        material?: string;
        /** @default [] */
        colors: string[];
        /** @default [] */
        details: string[];
      };
    };
    FormatList: {
      /** @constant */
      object: "list";
      data: {
        /** @enum {string} */
        name:
          | "instagram-square"
          | "instagram-portrait"
          | "story"
          | "link-ad-landscape"
          | "landscape-hd"
          | "banner-medium-rectangle"
          | "banner-leaderboard"
          | "banner-skyscraper"
          | "print-a4"
          | "print-a3";
        label: string;
        width: number;
        height: number;
        dpi: number;
        /** @enum {string} */
        format_class: "social" | "banner" | "print";
      }[];
    };
    Usage: {
      /** @constant */
      object: "usage";
      workspace: string;
      /** @description Credits left to spend now. */
      credits: number;
      /** @description What the calling key may do. */
      scopes: ("generations:read" | "generations:write" | "presets:read" | "presets:write")[];
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  listGenerations: {
    parameters: {
      query?: {
        limit?: number;
        cursor?: string;
        status?: "queued" | "running" | "succeeded" | "failed" | "canceled";
        created_after?: string;
        created_before?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of generations. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["GenerationList"];
        };
      };
      /** @description Bad input: the message names the field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, wrong or revoked API key. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The key lacks the scope this needs. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limited: see Retry-After and RateLimit-* headers. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  createGeneration: {
    parameters: {
      query?: never;
      header?: {
        /** @description Same key + same body within 24 h returns the first response again. */
        "Idempotency-Key"?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        "application/json": components["schemas"]["CreateGeneration"];
      };
    };
    responses: {
      /** @description Accepted: poll status_url or wait for the webhook. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["GenerationAccepted"];
        };
      };
      /** @description Bad input: the message names the field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, wrong or revoked API key. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Out of credits. */
      402: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The key lacks the scope this needs. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Not found in the key's workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Conflict (e.g. the same Idempotency-Key is still being handled). */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body too large. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The body must be application/json. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Idempotency-Key reused with a different body. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limited: see Retry-After and RateLimit-* headers. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getGeneration: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The id the API returned. */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The generation. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Generation"];
        };
      };
      /** @description Missing, wrong or revoked API key. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The key lacks the scope this needs. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Not found in the key's workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limited: see Retry-After and RateLimit-* headers. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  cancelGeneration: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The id the API returned. */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The generation, canceled unless it had finished. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Generation"];
        };
      };
      /** @description Missing, wrong or revoked API key. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The key lacks the scope this needs. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Not found in the key's workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limited: see Retry-After and RateLimit-* headers. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  listPresets: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The workspace's presets. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PresetList"];
        };
      };
      /** @description Missing, wrong or revoked API key. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The key lacks the scope this needs. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limited: see Retry-After and RateLimit-* headers. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  createPreset: {
    parameters: {
      query?: never;
      header?: {
        /** @description Same key + same body within 24 h returns the first response again. */
        "Idempotency-Key"?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        "application/json": components["schemas"]["PresetInput"];
      };
    };
    responses: {
      /** @description The new preset. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Preset"];
        };
      };
      /** @description Bad input: the message names the field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, wrong or revoked API key. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The key lacks the scope this needs. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Conflict (e.g. the same Idempotency-Key is still being handled). */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body too large. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The body must be application/json. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Idempotency-Key reused with a different body. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limited: see Retry-After and RateLimit-* headers. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  updatePreset: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The id the API returned. */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        "application/json": components["schemas"]["PresetPatch"];
      };
    };
    responses: {
      /** @description The preset after the change. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Preset"];
        };
      };
      /** @description Bad input: the message names the field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, wrong or revoked API key. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The key lacks the scope this needs. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Not found in the key's workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body too large. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The body must be application/json. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limited: see Retry-After and RateLimit-* headers. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  listProducts: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The workspace's products and their photos. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ProductList"];
        };
      };
      /** @description Missing, wrong or revoked API key. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The key lacks the scope this needs. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limited: see Retry-After and RateLimit-* headers. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  uploadProductPhoto: {
    parameters: {
      query?: never;
      header?: {
        /** @description Same key + same body within 24 h returns the first response again. */
        "Idempotency-Key"?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        "application/json": components["schemas"]["ProductUpload"];
      };
    };
    responses: {
      /** @description The product, with the new photo cut out. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Product"];
        };
      };
      /** @description Bad input: the message names the field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, wrong or revoked API key. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The key lacks the scope this needs. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Not found in the key's workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Conflict (e.g. the same Idempotency-Key is still being handled). */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body too large. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The body must be application/json. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Idempotency-Key reused with a different body. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limited: see Retry-After and RateLimit-* headers. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  deleteProduct: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The id the API returned. */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The product was deleted. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ProductDeleted"];
        };
      };
      /** @description Missing, wrong or revoked API key. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The key lacks the scope this needs. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Not found in the key's workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limited: see Retry-After and RateLimit-* headers. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  renameProduct: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The id the API returned. */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        "application/json": components["schemas"]["ProductPatch"];
      };
    };
    responses: {
      /** @description The product, renamed. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Product"];
        };
      };
      /** @description Bad input: the message names the field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, wrong or revoked API key. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The key lacks the scope this needs. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Not found in the key's workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body too large. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The body must be application/json. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limited: see Retry-After and RateLimit-* headers. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  deleteProductPhoto: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The id the API returned. */
        id: string;
        /** @description The id the API returned. */
        photo_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The product without the photo. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Product"];
        };
      };
      /** @description Missing, wrong or revoked API key. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The key lacks the scope this needs. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Not found in the key's workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limited: see Retry-After and RateLimit-* headers. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  confirmProductCutout: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The id the API returned. */
        id: string;
        /** @description The id the API returned. */
        photo_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The product; the photo no longer needs confirmation. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Product"];
        };
      };
      /** @description Missing, wrong or revoked API key. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The key lacks the scope this needs. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Not found in the key's workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limited: see Retry-After and RateLimit-* headers. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  describeProductPhoto: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The id the API returned. */
        id: string;
        /** @description The id the API returned. */
        photo_id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        "application/json": components["schemas"]["ProductDescribe"];
      };
    };
    responses: {
      /** @description What the photo shows. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ProductPhotoDescription"];
        };
      };
      /** @description Bad input: the message names the field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, wrong or revoked API key. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The key lacks the scope this needs. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Not found in the key's workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body too large. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description The body must be application/json. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limited: see Retry-After and RateLimit-* headers. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  listFormats: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every format. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["FormatList"];
        };
      };
      /** @description Missing, wrong or revoked API key. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limited: see Retry-After and RateLimit-* headers. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getUsage: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Usage. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Usage"];
        };
      };
      /** @description Missing, wrong or revoked API key. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limited: see Retry-After and RateLimit-* headers. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
}
