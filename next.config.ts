import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages with native parts or WASM stay outside the bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "bcryptjs", "@react-pdf/renderer", "@react-pdf/layout", "@react-pdf/render", "pdfkit"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
