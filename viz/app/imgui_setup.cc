// Fonts, style and the layout file.

#include "viz/app/imgui_setup.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include <imgui.h>

namespace dsim::viz {

namespace {
constexpr const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";  // fonts-dejavu-core
constexpr float kFontPixels = 15.0f;
}  // namespace

void set_up_fonts_and_style(float ui_scale) {
  ImGuiIO& io = ImGui::GetIO();
  std::error_code ignored;
  if (std::filesystem::exists(kFontPath, ignored)) {
    io.Fonts->AddFontFromFileTTF(kFontPath, kFontPixels * ui_scale);
  } else {
    ImFontConfig config;
    config.SizePixels = 13.0f * ui_scale;
    io.Fonts->AddFontDefault(&config);
  }
  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 4.0f;
  style.FrameRounding = 3.0f;
  style.WindowBorderSize = 1.0f;
  style.Colors[ImGuiCol_WindowBg] = ImVec4(0.09f, 0.10f, 0.12f, 1.0f);
  style.ScaleAllSizes(ui_scale);
}

std::string layout_file_path() {
  std::filesystem::path folder;
  if (const char* config = std::getenv("XDG_CONFIG_HOME"); config != nullptr && *config != '\0') {
    folder = std::filesystem::path(config) / "dsim";
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    folder = std::filesystem::path(home) / ".config" / "dsim";
  } else {
    return {};
  }
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) return {};
  return (folder / "imgui.ini").string();
}

}  // namespace dsim::viz
