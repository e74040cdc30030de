import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages with native parts or WASM stay outside the bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "bcryptjs"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
