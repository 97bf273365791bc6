// One factory per output format; make_renderer() picks among them. Each
// format lives in its own file.
#pragma once

#include <memory>

#include "output/renderer.hpp"

namespace goescape {

std::unique_ptr<Renderer> make_text_renderer(const RenderOptions& options);
std::unique_ptr<Renderer> make_json_renderer(const RenderOptions& options);
std::unique_ptr<Renderer> make_sarif_renderer(const RenderOptions& options);
std::unique_ptr<Renderer> make_github_renderer(const RenderOptions& options);
std::unique_ptr<Renderer> make_rdjsonl_renderer(const RenderOptions& options);
std::unique_ptr<Renderer> make_checkstyle_renderer(const RenderOptions& options);
std::unique_ptr<Renderer> make_codeclimate_renderer(const RenderOptions& options);
std::unique_ptr<Renderer> make_markdown_renderer(const RenderOptions& options);
std::unique_ptr<Renderer> make_html_renderer(const RenderOptions& options);

}  // namespace goescape
