// The interactive window: GLFW, an OpenGL 3.3 core context, ImGui's GLFW and OpenGL 3 backends,
// the layout remembered in the user's config folder, and the frame loop.

#include <GLFW/glfw3.h>

#include <algorithm>
#include <csignal>
#include <cstdio>

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "viz/app/app.h"
#include "viz/app/imgui_setup.h"

namespace dsim::viz {

namespace {

// Ctrl+C or a kill ends the loop like closing the window, so that ImGui writes the layout file on
// the way out. A signal handler can only set a flag, hence this one global.
volatile std::sig_atomic_t stop_requested = 0;

void request_stop(int) { stop_requested = 1; }

}  // namespace

int run_window(Viewer& viewer, const WindowOptions& options) {
  glfwSetErrorCallback([](int code, const char* description) { std::fprintf(stderr, "dsim-viz: GLFW error %d: %s\n", code, description); });
  if (!glfwInit()) {
    std::fprintf(stderr, "dsim-viz: cannot open a window (no display?); use --screenshot under xvfb-run for headless use\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  std::string title_path = viewer.run().path;
  std::string title = title_path.empty() ? "dsim-viz" : "dsim-viz - " + title_path;
  GLFWwindow* window = glfwCreateWindow(options.width, options.height, title.c_str(), nullptr, nullptr);
  if (window == nullptr) {
    std::fprintf(stderr, "dsim-viz: cannot create an OpenGL 3.3 window\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);

  float scale = options.ui_scale;
  if (scale <= 0) {
    float x_scale = 1;
    float y_scale = 1;
    glfwGetWindowContentScale(window, &x_scale, &y_scale);
    scale = std::clamp(std::max(x_scale, y_scale), 1.0f, 4.0f);
  }

  ImGui::CreateContext();
  std::string layout_file = layout_file_path();
  ImGui::GetIO().IniFilename = layout_file.empty() ? nullptr : layout_file.c_str();
  set_up_fonts_and_style(scale);
  viewer.state().ui_scale = scale;
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  while (!glfwWindowShouldClose(window) && stop_requested == 0) {
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    viewer.advance(ImGui::GetIO().DeltaTime);
    viewer.draw();
    if (viewer.run().path != title_path) {  // the browser opened another run
      title_path = viewer.run().path;
      glfwSetWindowTitle(window, ("dsim-viz - " + title_path).c_str());
    }
    ImGui::Render();
    int width = 0;
    int height = 0;
    glfwGetFramebufferSize(window, &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(0.06f, 0.06f, 0.08f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window);
  }

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return viewer.ok() || viewer.run().error.empty() ? 0 : 2;
}

}  // namespace dsim::viz
