import { z } from "zod";

export const deviceCheckSchema = z.object({
  camera: z.enum(["ok", "blocked", "missing"]),
  microphone: z.enum(["ok", "blocked", "missing"]),
  speaker: z.enum(["heard", "not-confirmed"]),
  network: z.enum(["direct", "relay", "no-relay", "failed"]),
  relayAvailable: z.boolean(),
  cameraLabel: z.string().max(200).optional(),
  microphoneLabel: z.string().max(200).optional(),
});
export type DeviceCheckInput = z.infer<typeof deviceCheckSchema>;

export const runningLateSchema = z.object({
  minutes: z.union([z.literal(5), z.literal(10), z.literal(15)], { message: "must be 5, 10 or 15" }),
});
