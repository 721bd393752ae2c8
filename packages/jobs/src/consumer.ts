import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";

/** What the handler wants done with its message. */
export type HandlerOutcome =
  | { action: "delete" }
  /** Leave it to SQS: it comes back after `delaySeconds` (transient failure, backoff). */
  | { action: "retry"; delaySeconds: number }
  /** Hand it back now (visibility 0): shutdown, or another worker should take it. */
  | { action: "release" };

export interface ReceivedJob {
  message: Message;
  body: string;
  /** 1 on first delivery; SQS moves the message to the DLQ past maxReceiveCount. */
  receiveCount: number;
  /** When the message was first sent (for queue-wait metrics). */
  sentAt: number;
  /** Aborted when the worker must give the job up (drain deadline passed). */
  signal: AbortSignal;
}

export interface ConsumerOptions {
  sqs: SQSClient;
  queueUrl: string;
  handleMessage: (job: ReceivedJob) => Promise<HandlerOutcome>;
  /** Jobs in flight at once; the consumer never receives more than its free slots. */
  concurrency: number;
  waitTimeSeconds: number;
  visibilityTimeoutSeconds: number;
  heartbeatSeconds: number;
  onError?: (error: unknown, context: string) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A small SQS consumer in the shape of bbc/sqs-consumer (start/stop, a plain
 * async handler, the consumer owns polling, heartbeats and deletion). Written
 * here instead of using the library because this worker needs three things it
 * does not do: receive exactly as many messages as there are free slots and
 * poll again as soon as one frees (the library waits for a whole batch), hand
 * jobs still running at a drain deadline back with visibility 0, and never
 * abort a long poll (fauxqs strands the next message on an aborted poll).
 */
export class QueueConsumer {
  private readonly inFlight = new Map<string, { controller: AbortController; message: Message }>();
  private running = false;
  private loop: Promise<void> | undefined;
  private slotFreed: (() => void) | undefined;
  private pollTimeSeconds: number;

  constructor(private readonly options: ConsumerOptions) {
    this.pollTimeSeconds = options.waitTimeSeconds;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.poll();
  }

  /**
   * Stop receiving; wait up to `deadlineMs` for jobs in flight, then abort the
   * rest and release their messages (visibility 0) so another worker takes
   * them at once. Resolves when the poll has ended and every handler returned.
   */
  async stop(deadlineMs: number): Promise<{ released: number }> {
    this.running = false;
    this.slotFreed?.();
    const deadline = Date.now() + deadlineMs;
    while (this.inFlight.size > 0 && Date.now() < deadline) await sleep(50);
    const released = this.inFlight.size;
    if (released > 0) {
      for (const job of this.inFlight.values()) job.controller.abort(new Error("drain deadline"));
      // Handlers notice the abort at their next stage and hand the job back themselves
      // (claim first, then visibility 0, so the next worker is not told to wait).
      const grace = Date.now() + 5_000;
      while (this.inFlight.size > 0 && Date.now() < grace) await sleep(50);
      // One stuck in a long stage: make its message visible anyway before the process goes.
      for (const receipt of this.inFlight.keys())
        await this.setVisibility(receipt, 0).catch(() => {});
    }
    await this.loop;
    return { released };
  }

  private async poll(): Promise<void> {
    let failures = 0;
    while (this.running) {
      const free = this.options.concurrency - this.inFlight.size;
      if (free <= 0) {
        await new Promise<void>((resolve) => (this.slotFreed = resolve));
        this.slotFreed = undefined;
        continue;
      }
      let messages: Message[];
      try {
        const result = await this.options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: this.options.queueUrl,
            MaxNumberOfMessages: Math.min(free, 10),
            WaitTimeSeconds: this.pollTimeSeconds,
            VisibilityTimeout: this.options.visibilityTimeoutSeconds,
            MessageSystemAttributeNames: ["ApproximateReceiveCount", "SentTimestamp"],
          }),
        );
        messages = result.Messages ?? [];
        failures = 0;
      } catch (error) {
        failures += 1;
        this.options.onError?.(error, "receive");
        await sleep(Math.min(5_000, 200 * 2 ** Math.min(failures, 5)));
        continue;
      }
      for (const message of messages) {
        if (!this.running) {
          // Stopped while the poll was open: hand it straight back.
          if (message.ReceiptHandle)
            await this.setVisibility(message.ReceiptHandle, 0).catch(() => {});
          continue;
        }
        this.run(message);
      }
    }
  }

  private run(message: Message): void {
    const receipt = message.ReceiptHandle;
    if (!receipt) return;
    const controller = new AbortController();
    this.inFlight.set(receipt, { controller, message });
    const heartbeat = setInterval(() => {
      this.setVisibility(receipt, this.options.visibilityTimeoutSeconds).catch((error: unknown) =>
        this.options.onError?.(error, "heartbeat"),
      );
    }, this.options.heartbeatSeconds * 1000);
    const attributes = message.Attributes ?? {};
    const job: ReceivedJob = {
      message,
      body: message.Body ?? "",
      receiveCount: Number(attributes.ApproximateReceiveCount ?? 1),
      sentAt: Number(attributes.SentTimestamp ?? Date.now()),
      signal: controller.signal,
    };
    void this.options
      .handleMessage(job)
      .catch((error: unknown): HandlerOutcome => {
        // The handler could not even decide (database down?): back off so an outage
        // does not burn through maxReceiveCount and dead-letter healthy jobs.
        this.options.onError?.(error, "handler");
        return { action: "retry", delaySeconds: Math.min(60, 2 ** job.receiveCount) };
      })
      .then((outcome) => this.settle(receipt, outcome))
      .catch((error: unknown) => this.options.onError?.(error, "settle"))
      .finally(() => {
        clearInterval(heartbeat);
        this.inFlight.delete(receipt);
        this.slotFreed?.();
      });
  }

  private async settle(receipt: string, outcome: HandlerOutcome): Promise<void> {
    if (outcome.action === "delete") {
      await this.options.sqs.send(
        new DeleteMessageCommand({ QueueUrl: this.options.queueUrl, ReceiptHandle: receipt }),
      );
    } else {
      await this.setVisibility(receipt, outcome.action === "release" ? 0 : outcome.delaySeconds);
    }
  }

  private async setVisibility(receipt: string, seconds: number): Promise<void> {
    await this.options.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.options.queueUrl,
        ReceiptHandle: receipt,
        VisibilityTimeout: Math.max(0, Math.min(43_200, Math.round(seconds))),
      }),
    );
  }
}
