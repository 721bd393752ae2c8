"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/trpc/react";
import { useWorkspace } from "../shell/workspace";

/** A generation's first asset as a small WebP (never the full file); nothing until one exists. */
// Decorative: the row's "Open" link is the accessible way in, so this one stays out of the tab order.
export function HistoryThumbnail({ generationId }: { generationId: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const thumb = useQuery(
    trpc.generation.thumbnail.queryOptions({ workspaceSlug: ws.slug, generationId }),
  );
  const data = thumb.data;
  return (
    <Link
      href={`/w/${ws.slug}/generations/${generationId}`}
      className="flex h-20 w-20 shrink-0 items-center justify-center overflow-hidden rounded-lg bg-stone-100"
      tabIndex={-1}
      aria-hidden
    >
      {data ? (
        <img
          src={data.url}
          alt=""
          width={data.width}
          height={data.height}
          loading="lazy"
          className="max-h-20 w-auto object-contain"
          data-testid="history-thumbnail"
        />
      ) : null}
    </Link>
  );
}
