import { createDocument, type ZodOpenApiOperationObject } from "zod-openapi";
import { z } from "zod";
import { API_SCOPES } from "../services/api-keys";
import {
  CreateGenerationBody,
  ErrorBody,
  FormatList,
  Generation,
  GenerationAccepted,
  GenerationList,
  ListGenerationsQuery,
  Preset,
  PresetBody,
  PresetList,
  PresetPatch,
  Product,
  ProductList,
  ProductUploadBody,
  ProductDeleted,
  ProductDescribeBody,
  ProductPatch,
  ProductPhotoDescription,
  Usage,
} from "./schemas";

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      json(
        ErrorBody,
        {
          400: "Bad input: the message names the field.",
          401: "Missing, wrong or revoked API key.",
          402: "Out of credits.",
          403: "The key lacks the scope this needs.",
          404: "Not found in the key's workspace.",
          405: "Method not allowed on this path.",
          409: "Conflict (e.g. the same Idempotency-Key is still being handled).",
          413: "Body too large.",
          415: "The body must be application/json.",
          422: "Idempotency-Key reused with a different body.",
          429: "Rate limited: see Retry-After and RateLimit-* headers.",
        }[status] ?? "Error",
      ),
    ]),
  );

const common = errors(401, 429);
const IdParam = z.string().min(1).max(64).meta({ description: "The id the API returned." });
const IdempotencyHeader = z.string().max(255).optional().meta({
  description: "Same key + same body within 24 h returns the first response again.",
});

const op = (
  summary: string,
  scope: string | null,
  rest: Omit<ZodOpenApiOperationObject, "summary">,
): ZodOpenApiOperationObject => ({
  summary,
  ...(scope ? { description: `Needs the \`${scope}\` scope.` } : {}),
  ...rest,
});

/** The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the handlers use. */
export function openApiDocument(serverUrl: string) {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Hyperposter API",
      version: "1.0.0",
      description:
        "Brief in, poster-ready creatives out. Authenticate with `Authorization: Bearer hp_live_…` " +
        `(keys are made by workspace owners and admins; scopes: ${API_SCOPES.join(", ")}). ` +
        "Submit a generation, then poll its status_url or receive a signed webhook (Standard Webhooks).",
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", bearerFormat: "hp_live_…" } },
    },
    paths: {
      "/generations": {
        post: op("Submit a generation", "generations:write", {
          operationId: "createGeneration",
          requestParams: { header: z.object({ "Idempotency-Key": IdempotencyHeader }) },
          requestBody: { content: { "application/json": { schema: CreateGenerationBody } } },
          responses: {
            "202": json(GenerationAccepted, "Accepted: poll status_url or wait for the webhook."),
            ...errors(400, 402, 403, 404, 409, 413, 415, 422),
            ...common,
          },
        }),
        get: op("List generations, newest first", "generations:read", {
          operationId: "listGenerations",
          requestParams: { query: ListGenerationsQuery },
          responses: {
            "200": json(GenerationList, "A page of generations."),
            ...errors(400, 403),
            ...common,
          },
        }),
      },
      "/generations/{id}": {
        get: op(
          "A generation: status, progress, queue position, copy, assets",
          "generations:read",
          {
            operationId: "getGeneration",
            requestParams: { path: z.object({ id: IdParam }) },
            responses: {
              "200": json(Generation, "The generation."),
              ...errors(403, 404),
              ...common,
            },
          },
        ),
        delete: op("Cancel a generation (unused credits are returned)", "generations:write", {
          operationId: "cancelGeneration",
          requestParams: { path: z.object({ id: IdParam }) },
          responses: {
            "200": json(Generation, "The generation, canceled unless it had finished."),
            ...errors(403, 404),
            ...common,
          },
        }),
      },
      "/presets": {
        get: op("List brand presets", "presets:read", {
          operationId: "listPresets",
          responses: {
            "200": json(PresetList, "The workspace's presets."),
            ...errors(403),
            ...common,
          },
        }),
        post: op("Create a brand preset", "presets:write", {
          operationId: "createPreset",
          requestParams: { header: z.object({ "Idempotency-Key": IdempotencyHeader }) },
          requestBody: { content: { "application/json": { schema: PresetBody } } },
          responses: {
            "201": json(Preset, "The new preset."),
            ...errors(400, 403, 409, 413, 415, 422),
            ...common,
          },
        }),
      },
      "/presets/{id}": {
        patch: op("Change a brand preset (a new version)", "presets:write", {
          operationId: "updatePreset",
          requestParams: { path: z.object({ id: IdParam }) },
          requestBody: { content: { "application/json": { schema: PresetPatch } } },
          responses: {
            "200": json(Preset, "The preset after the change."),
            ...errors(400, 403, 404, 413, 415),
            ...common,
          },
        }),
      },
      "/products": {
        get: op("List the product library", "presets:read", {
          operationId: "listProducts",
          responses: {
            "200": json(ProductList, "The workspace's products and their photos."),
            ...errors(403),
            ...common,
          },
        }),
        post: op(
          "Upload a product photo (a new product, or another photo of one)",
          "presets:write",
          {
            operationId: "uploadProductPhoto",
            requestParams: { header: z.object({ "Idempotency-Key": IdempotencyHeader }) },
            requestBody: { content: { "application/json": { schema: ProductUploadBody } } },
            responses: {
              "201": json(Product, "The product, with the new photo cut out."),
              ...errors(400, 403, 404, 409, 413, 415, 422),
              ...common,
            },
          },
        ),
      },
      "/products/{id}": {
        patch: op("Rename a product", "presets:write", {
          operationId: "renameProduct",
          requestParams: { path: z.object({ id: IdParam }) },
          requestBody: { content: { "application/json": { schema: ProductPatch } } },
          responses: {
            "200": json(Product, "The product, renamed."),
            ...errors(400, 403, 404, 413, 415),
            ...common,
          },
        }),
        delete: op(
          "Delete a product (it leaves the library; generations that used it keep it)",
          "presets:write",
          {
            operationId: "deleteProduct",
            requestParams: { path: z.object({ id: IdParam }) },
            responses: {
              "200": json(ProductDeleted, "The product was deleted."),
              ...errors(403, 404),
              ...common,
            },
          },
        ),
      },
      "/products/{id}/photos/{photo_id}": {
        delete: op("Remove a photo from a product", "presets:write", {
          operationId: "deleteProductPhoto",
          requestParams: { path: z.object({ id: IdParam, photo_id: IdParam }) },
          responses: {
            "200": json(Product, "The product without the photo."),
            ...errors(403, 404),
            ...common,
          },
        }),
      },
      "/products/{id}/photos/{photo_id}/confirm": {
        post: op(
          "Confirm an uncertain cut-out (needs_confirmation) after looking at its cutout_url",
          "presets:write",
          {
            operationId: "confirmProductCutout",
            requestParams: { path: z.object({ id: IdParam, photo_id: IdParam }) },
            responses: {
              "200": json(Product, "The product; the photo no longer needs confirmation."),
              ...errors(403, 404),
              ...common,
            },
          },
        ),
      },
      "/products/{id}/photos/{photo_id}/describe": {
        post: op(
          "Describe a product photo for the brief (vision endpoint, or the photo's colours)",
          "presets:write",
          {
            operationId: "describeProductPhoto",
            requestParams: { path: z.object({ id: IdParam, photo_id: IdParam }) },
            requestBody: {
              required: false,
              content: { "application/json": { schema: ProductDescribeBody } },
            },
            responses: {
              "200": json(ProductPhotoDescription, "What the photo shows."),
              ...errors(400, 403, 404, 413, 415),
              ...common,
            },
          },
        ),
      },
      "/formats": {
        get: op("Formats a generation can ask for", null, {
          operationId: "listFormats",
          responses: { "200": json(FormatList, "Every format."), ...common },
        }),
      },
      "/usage": {
        get: op("Credits left, and the calling key's scopes", null, {
          operationId: "getUsage",
          responses: { "200": json(Usage, "Usage."), ...common },
        }),
      },
    },
  });
}
