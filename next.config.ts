import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages with native parts or WASM stay outside the bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "bcryptjs", "@react-pdf/renderer"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
