// The topology view: nodes on the canvas coloured by role, links between servers (cut ones red
// and dashed), partition groups shaded, messages as markers moving along their link (coloured by
// type, a red cross where a dropped one died), and each node's pending timers as draining rings.
//
// Sections: geometry; partitions; links; messages; nodes and timers; the window.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "viz/model/run_views.h"
#include "viz/model/txn_lanes.h"
#include "viz/panels/break_it_menus.h"
#include "viz/panels/disc_drawing.h"
#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

namespace {

constexpr float kPi = 3.14159265f;

// ---------------------------------------------------------------- geometry

struct Canvas {
  ImVec2 origin;
  ImVec2 size;
  float node_radius = 20;    // a server's; a client's is 0.7 of it
  float scale = 1;
  std::vector<ImVec2> at;    // every node's centre in screen coordinates
  bool client_labels = true;  // false when the clients' band is too crowded to caption them
  // How wide a node's caption lines may be before they wrap (0: no limit): a client's is the room
  // between it and its neighbours in its row, so neighbouring captions never run into each other.
  std::vector<float> caption_width;
  bool dense = false;  // the density view (layout.h): small cells, no labels, links or rings
};

// Room for the rings of pending timers around a node (up to three).
float ring_room(float scale) { return (4.0f + 4.5f * 3) * scale; }

// Places every node in screen space: servers on their layout (a circle, or the scenario's hints)
// in the area above the clients' band, with margins that keep their rings and the two caption
// lines under them inside the canvas; clients in rows along the bottom, each in a slot wide enough
// for its caption (its numbers wrap onto a second line when the slot is narrower), so no label
// lands on another node.
Canvas place_nodes(const FrameView& view, ImVec2 origin, ImVec2 size, float scale) {
  Canvas canvas;
  canvas.origin = origin;
  canvas.size = size;
  canvas.scale = scale;
  const auto& nodes = view.timeline->header().nodes;
  std::size_t servers = 0, clients = 0;
  for (const auto& node : nodes) (node.server ? servers : clients) += 1;
  float line = ImGui::GetTextLineHeight();

  // The clients' band: as many rows as their slots need.
  float client_radius = 14 * scale;
  float slot = std::max(2 * (client_radius + ring_room(scale)), ImGui::CalcTextSize("completed 999").x + 8 * scale);
  std::size_t per_row = std::max<std::size_t>(1, static_cast<std::size_t>(size.x / slot));
  std::size_t rows = clients == 0 ? 0 : (clients + per_row - 1) / per_row;
  // The role, and the numbers on up to two lines.
  float row_height = 2 * (client_radius + ring_room(scale)) + 3 * line + 4 * scale;
  // Crowded (dozens of clients): shorter rows without captions; hovering a client still names it.
  if (rows > 0 && rows * row_height > size.y * 0.35f) {
    canvas.client_labels = false;
    slot = 2 * client_radius + 6 * scale;
    per_row = std::max<std::size_t>(1, static_cast<std::size_t>(size.x / slot));
    rows = (clients + per_row - 1) / per_row;
    row_height = 2 * client_radius + 6 * scale;
  }
  float band = static_cast<float>(rows) * row_height;

  // Servers: smaller circles when there are many, so that they do not overlap on the circle.
  float area_height = std::max(size.y - band, 40.0f);
  float fit = std::min(size.x, area_height) * 0.9f / static_cast<float>(std::max<std::size_t>(servers, 3));
  canvas.node_radius = std::clamp(fit * 0.5f, 8.0f * scale, 26.0f * scale);
  float around = canvas.node_radius + ring_room(scale);
  float side = std::max(around, ImGui::CalcTextSize("candidate").x * 0.5f + 4 * scale);
  // Above: the clock and one overlay line (degraded links, a check failure in focus) at the top left.
  float top = around + 2 * line + 2 * scale;
  float bottom = around + 2 * line + 2 * scale;
  canvas.dense = dense_layout(servers);
  if (canvas.dense) {
    // The density view: cells of the grid layout_nodes uses (about sqrt(1.4 n) columns), a pixel
    // apart, with room above for the clock and overlay lines and no captions under them.
    top = 2 * line + 4 * scale;
    bottom = 4 * scale;
    side = 4 * scale;
    float columns = std::ceil(std::sqrt(static_cast<float>(servers) * 1.4f));
    float rows = std::ceil(static_cast<float>(servers) / columns);
    float pitch = std::min((size.x - 2 * side) / columns, std::max(area_height - top - bottom, 1.0f) / rows);
    canvas.node_radius = std::max(1.0f, (pitch - 1.0f) * 0.5f);
    top += canvas.node_radius;
    bottom += canvas.node_radius;
    side += canvas.node_radius;
  }
  float width = std::max(size.x - 2 * side, 1.0f);
  float height = std::max(area_height - top - bottom, 1.0f);

  canvas.at.resize(nodes.size());
  canvas.caption_width.assign(nodes.size(), 0.0f);
  std::size_t client_slot = 0;
  for (NodeId node = 0; node < nodes.size() && node < view.layout->size(); ++node) {
    const CanvasPoint& point = (*view.layout)[node];
    if (nodes[node].server || nodes[node].has_position) {
      canvas.at[node] = ImVec2(origin.x + side + static_cast<float>(point.x) * width,
                               origin.y + top + static_cast<float>(point.y) * height);
      continue;
    }
    std::size_t row = client_slot / per_row;
    std::size_t in_row = client_slot % per_row;
    std::size_t in_this_row = std::min(per_row, clients - row * per_row);
    float x = origin.x + size.x * (static_cast<float>(in_row) + 1) / (static_cast<float>(in_this_row) + 1);
    float y = origin.y + area_height + static_cast<float>(row) * row_height + client_radius + ring_room(scale) + 2 * scale;
    canvas.at[node] = ImVec2(x, y);
    canvas.caption_width[node] = std::max(size.x / (static_cast<float>(in_this_row) + 1) - 8 * scale, 1.0f);
    ++client_slot;
  }
  return canvas;
}

ImVec2 lerp(ImVec2 a, ImVec2 b, float t) { return ImVec2(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t); }
float distance(ImVec2 a, ImVec2 b) { return std::hypot(a.x - b.x, a.y - b.y); }

// Unit normal to a->b, so that the two directions of one link run side by side.
ImVec2 side_offset(ImVec2 a, ImVec2 b, float amount) {
  float length = std::max(distance(a, b), 1.0f);
  return ImVec2(-(b.y - a.y) / length * amount, (b.x - a.x) / length * amount);
}

// ---------------------------------------------------------------- partitions

// The convex hull (Andrew's monotone chain) of `points`, counter-clockwise.
std::vector<ImVec2> convex_hull(std::vector<ImVec2> points) {
  std::sort(points.begin(), points.end(), [](ImVec2 a, ImVec2 b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
  if (points.size() < 3) return points;
  auto cross = [](ImVec2 o, ImVec2 a, ImVec2 b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); };
  std::vector<ImVec2> hull(points.size() * 2);
  std::size_t k = 0;
  for (const ImVec2& p : points) {
    while (k >= 2 && cross(hull[k - 2], hull[k - 1], p) <= 0) --k;
    hull[k++] = p;
  }
  for (std::size_t i = points.size() - 1, lower = k + 1; i-- > 0;) {
    while (k >= lower && cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
    hull[k++] = points[i];
  }
  hull.resize(k - 1);
  return hull;
}

// Each partition group as a rounded, tinted region around its members.
void draw_partition_groups(ImDrawList* draw, const Canvas& canvas, const FrameView& view) {
  const PartitionState& partition = view.world->partition;
  const auto& palette = categorical_palette();
  for (std::size_t g = 0; g < partition.groups.size(); ++g) {
    std::vector<ImVec2> outline;
    float pad = canvas.node_radius * 1.9f;
    for (NodeId node : partition.groups[g]) {
      if (node >= canvas.at.size()) continue;
      ImVec2 centre = canvas.at[node];
      for (int step = 0; step < 16; ++step) {
        float angle = 2 * kPi * static_cast<float>(step) / 16;
        outline.push_back(ImVec2(centre.x + pad * std::cos(angle), centre.y + pad * std::sin(angle)));
      }
    }
    std::vector<ImVec2> hull = convex_hull(std::move(outline));
    if (hull.size() < 3) continue;
    Rgba tint = palette[(g * 3 + 1) % palette.size()];
    draw->AddConvexPolyFilled(hull.data(), static_cast<int>(hull.size()), to_imgui(tint.with_alpha(38)));
    draw->AddPolyline(hull.data(), static_cast<int>(hull.size()), to_imgui(tint.with_alpha(150)), ImDrawFlags_Closed, 2.0f * canvas.scale);
    char label[32];
    std::snprintf(label, sizeof label, "group %c", static_cast<char>('A' + g % 26));
    ImVec2 top = hull[0];
    for (const ImVec2& p : hull) if (p.y < top.y) top = p;
    draw->AddText(ImVec2(top.x - ImGui::CalcTextSize(label).x * 0.5f, top.y + 2), to_imgui(tint), label);
  }
}

// ---------------------------------------------------------------- links

void draw_dashed_line(ImDrawList* draw, ImVec2 a, ImVec2 b, ImU32 colour, float thickness, float dash) {
  float length = distance(a, b);
  int dashes = std::max(1, static_cast<int>(length / (2 * dash)));
  for (int i = 0; i < dashes; ++i) {
    float t0 = static_cast<float>(2 * i) / static_cast<float>(2 * dashes);
    float t1 = static_cast<float>(2 * i + 1) / static_cast<float>(2 * dashes);
    draw->AddLine(lerp(a, b, t0), lerp(a, b, t1), colour, thickness);
  }
}

void draw_cross(ImDrawList* draw, ImVec2 at, float size, ImU32 colour, float thickness) {
  draw->AddLine(ImVec2(at.x - size, at.y - size), ImVec2(at.x + size, at.y + size), colour, thickness);
  draw->AddLine(ImVec2(at.x - size, at.y + size), ImVec2(at.x + size, at.y - size), colour, thickness);
}

void draw_links(ImDrawList* draw, const Canvas& canvas, const FrameView& view) {
  // The density view (layout.h): n^2/2 links would be a solid sheet, and slow to draw.
  if (canvas.dense) return;
  const auto& nodes = view.timeline->header().nodes;
  const PartitionState& partition = view.world->partition;
  for (NodeId a = 0; a < nodes.size(); ++a) {
    for (NodeId b = a + 1; b < nodes.size(); ++b) {
      if (!nodes[a].server || !nodes[b].server) continue;  // clients talk over the same links, drawn faintly below
      ImVec2 pa = canvas.at[a];
      ImVec2 pb = canvas.at[b];
      bool ab = partition.blocks(a, b);
      bool ba = partition.blocks(b, a);
      if (!ab && !ba) {
        Rgba colour = partition.degradation.empty() ? colours::kLink : colours::kPaused.with_alpha(170);
        draw->AddLine(pa, pb, to_imgui(colour), 1.5f * canvas.scale);
        continue;
      }
      draw_dashed_line(draw, pa, pb, to_imgui(colours::kCutLink.with_alpha(170)), 1.5f * canvas.scale, 6 * canvas.scale);
      // A one-way cut marks the blocked direction's end with a cross near its sender.
      ImVec2 middle = lerp(pa, pb, ab && ba ? 0.5f : (ab ? 0.3f : 0.7f));
      draw_cross(draw, middle, 4 * canvas.scale, to_imgui(colours::kCutLink), 2 * canvas.scale);
    }
  }
}

// ---------------------------------------------------------------- messages

std::string message_tooltip(const FrameView& view, const MessageInFlight& message) {
  std::string text = message.type + "  " + node_label(*view.timeline, message.from) + " -> " + node_label(*view.timeline, message.to) +
                     "\nsent " + time_label(message.sent_us);
  if (message.deliver_at_us != kTimeNever) text += ", due " + time_label(message.deliver_at_us);
  if (message.dropped()) text += "\nDROPPED (" + message.drop_reason + ") at " + time_label(message.dropped_at_us);
  const std::string& body = view.timeline->events()[message.send_event].body;
  if (!body.empty() && body != "{}") text += "\n" + (body.size() > 300 ? body.substr(0, 300) + "..." : body);
  text += "\n(click for details)";
  return text;
}

void draw_messages(ImDrawList* draw, const Canvas& canvas, const FrameView& view, PanelState& state, ImVec2 mouse) {
  float radius = 5.5f * canvas.scale;
  const MessageInFlight* hovered = nullptr;
  DiscDrawer dots(draw, radius);
  // A dot wholly outside the canvas (scrolled or clipped away) is not drawn.
  ImVec2 clip_min = draw->GetClipRectMin();
  ImVec2 clip_max = draw->GetClipRectMax();
  float reach = radius + 6 * canvas.scale;  // the dot, its outline and the selection rings
  for (const auto& [id, message] : view.world->messages) {
    if (message.from >= canvas.at.size() || message.to >= canvas.at.size()) continue;
    ImVec2 from = canvas.at[message.from];
    ImVec2 to = canvas.at[message.to];
    ImVec2 offset = side_offset(from, to, radius * 0.9f);
    // Start and end at the nodes' rims, not their centres.
    float length = std::max(distance(from, to), 1.0f);
    float rim = std::min(canvas.node_radius / length, 0.45f);
    float t = rim + static_cast<float>(message.progress(view.world->time_us)) * (1 - 2 * rim);
    ImVec2 at = lerp(from, to, t);
    at.x += offset.x;
    at.y += offset.y;
    if (at.x + reach < clip_min.x || at.x - reach > clip_max.x || at.y + reach < clip_min.y || at.y - reach > clip_max.y) {
      continue;
    }
    Rgba colour = view.timeline->message_colours().of(message.type);
    bool selected = state.selection.message_send_event == message.send_event;
    if (message.dropped()) {
      draw->AddCircleFilled(at, radius, to_imgui(colour.with_alpha(110)));
      draw_cross(draw, at, radius * 1.2f, to_imgui(colours::kDropped), 2.5f * canvas.scale);
    } else {
      // A short tail shows which way it is going.
      ImVec2 tail = lerp(at, ImVec2(from.x + offset.x, from.y + offset.y), std::min(1.0f, 3 * radius / length));
      draw->AddLine(tail, at, to_imgui(colour.with_alpha(140)), 2.0f * canvas.scale);
      dots.add_outlined(at, radius, to_imgui(colour), IM_COL32(20, 20, 20, 200));
    }
    if (selected) draw->AddCircle(at, radius + 3 * canvas.scale, IM_COL32(255, 255, 255, 255), 0, 2.0f * canvas.scale);
    if (state.check_focus && std::binary_search(state.check_focus->messages.begin(), state.check_focus->messages.end(), message.send_event)) {
      draw->AddCircle(at, radius + 5 * canvas.scale, to_imgui(colours::kCheckFailureMarker), 0, 2.5f * canvas.scale);
    }
    if (distance(at, mouse) <= radius + 2 * canvas.scale) hovered = &message;
  }
  state.hovered_message_send_event.reset();
  if (hovered != nullptr) {
    state.hovered_message_send_event = hovered->send_event;
    ImGui::SetTooltip("%s", message_tooltip(view, *hovered).c_str());
  }
}

// ---------------------------------------------------------------- nodes and timers

// Each node's pending timers, in the order of their ids: one pass over the world's timers a frame,
// not one per node (100 nodes with a timer each walked 20,000 map entries a frame).
std::vector<std::vector<const PendingTimer*>> timers_by_node(const WorldSnapshot& world, std::size_t nodes) {
  std::vector<std::vector<const PendingTimer*>> by_node(nodes);
  for (const auto& [id, timer] : world.timers) {
    if (timer.node < nodes) by_node[timer.node].push_back(&timer);
  }
  return by_node;
}

void draw_timer_rings(ImDrawList* draw, const Canvas& canvas, const FrameView& view, const std::vector<const PendingTimer*>& timers,
                      ImVec2 centre, float node_radius) {
  int ring = 0;
  for (const PendingTimer* pending : timers) {
    const PendingTimer& timer = *pending;
    if (ring == 3) break;
    float radius = node_radius + (4.0f + 4.5f * static_cast<float>(ring)) * canvas.scale;
    float remaining = static_cast<float>(timer.remaining(view.world->time_us));
    // Election-like timers (the ones whose expiry changes leadership) are the ones to watch.
    Rgba colour = timer.name.find("election") != std::string::npos ? role_colour("candidate") : colours::kTimer;
    draw->AddCircle(centre, radius, to_imgui(colour.with_alpha(40)), 48, 2.5f * canvas.scale);
    if (remaining > 0) {
      draw->PathArcTo(centre, radius, -kPi / 2, -kPi / 2 + 2 * kPi * remaining, 48);
      draw->PathStroke(to_imgui(colour.with_alpha(220)), 0, 2.5f * canvas.scale);
    }
    ++ring;
  }
}

void draw_pause_bars(ImDrawList* draw, ImVec2 centre, float size, ImU32 colour) {
  float width = size * 0.28f;
  draw->AddRectFilled(ImVec2(centre.x - size * 0.45f, centre.y - size * 0.5f), ImVec2(centre.x - size * 0.45f + width, centre.y + size * 0.5f), colour);
  draw->AddRectFilled(ImVec2(centre.x + size * 0.45f - width, centre.y - size * 0.5f), ImVec2(centre.x + size * 0.45f, centre.y + size * 0.5f), colour);
}

void draw_centred_text(ImDrawList* draw, ImVec2 centre, ImU32 colour, const std::string& text) {
  ImVec2 size = ImGui::CalcTextSize(text.c_str());
  draw->AddText(ImVec2(centre.x - size.x * 0.5f, centre.y - size.y * 0.5f), colour, text.c_str());
}

// A node's name in its circle, in a smaller font when needed; a name that will not fit even so
// ("store-a", "auditor") goes above the circle in the caption colour, never cut by the rim.
void draw_node_name(ImDrawList* draw, ImVec2 centre, float radius, float rings, const std::string& name, Rgba caption,
                    ImU32 inside) {
  float room = 2 * radius - 4;
  float font = ImGui::GetFontSize();
  float width = ImGui::CalcTextSize(name.c_str()).x;
  if (width <= room) return draw_centred_text(draw, centre, inside, name);
  float shrunk = font * room / width;
  if (shrunk >= font * 0.7f) {
    ImVec2 size(width * shrunk / font, shrunk);
    draw->AddText(ImGui::GetFont(), shrunk, ImVec2(centre.x - size.x * 0.5f, centre.y - size.y * 0.5f), inside,
                  name.c_str());
    return;
  }
  float above = centre.y - radius - rings - ImGui::GetTextLineHeight() * 0.5f;
  draw_centred_text(draw, ImVec2(centre.x, above), to_imgui(caption), name);
}

// A caption line centred under a node, moved sideways as far as needed to stay inside the canvas
// (a node near the edge would otherwise have its numbers cut off).
void draw_caption(ImDrawList* draw, const Canvas& canvas, ImVec2 centre, ImU32 colour, const std::string& text) {
  float half = ImGui::CalcTextSize(text.c_str()).x * 0.5f;
  float left = canvas.origin.x + 2 * canvas.scale, right = canvas.origin.x + canvas.size.x - 2 * canvas.scale;
  if (2 * half <= right - left) centre.x = std::clamp(centre.x, left + half, right - half);
  draw_centred_text(draw, centre, colour, text);
}

bool in_focus(const PanelState& state, NodeId node) {
  return state.check_focus && std::find(state.check_focus->nodes.begin(), state.check_focus->nodes.end(), node) !=
                                  state.check_focus->nodes.end();
}

std::optional<NodeId> draw_nodes(ImDrawList* draw, const Canvas& canvas, const FrameView& view, const PanelState& state, ImVec2 mouse) {
  std::optional<NodeId> hovered;
  std::optional<TxnHistory> txn_now;
  if (has_txn_events(*view.timeline)) txn_now = txn_history(*view.timeline, view.world->time_us);
  const TxnHistory* txn = txn_now ? &*txn_now : nullptr;
  const auto timers = timers_by_node(*view.world, view.world->nodes.size());
  for (NodeId node = 0; node < view.world->nodes.size() && node < canvas.at.size(); ++node) {
    const NodeSnapshot& snapshot = view.world->nodes[node];
    ImVec2 centre = canvas.at[node];
    bool server = view.timeline->header().nodes[node].server;
    float radius = server ? canvas.node_radius : 14 * canvas.scale;
    std::string role = snapshot.text(view::kRole);
    Rgba fill = snapshot.status == NodeStatus::crashed ? colours::kCrashed : role_colour(role);
    int rings = static_cast<int>(timers[node].size());
    float ring_space = (2.0f + 4.5f * static_cast<float>(std::min(rings, 3))) * canvas.scale;

    if (canvas.dense && server) {
      // The density view: a small square per node, its role's colour, no labels or rings.
      float half = radius;
      ImVec2 low(centre.x - half, centre.y - half), high(centre.x + half, centre.y + half);
      draw->AddRectFilled(low, high, to_imgui(snapshot.status == NodeStatus::crashed ? fill.with_alpha(120) : fill));
      if (snapshot.status == NodeStatus::paused) draw->AddRect(low, high, to_imgui(colours::kPaused), 0, 0, 2 * canvas.scale);
      if (state.selection.node == node || in_focus(state, node)) {
        draw->AddRect(low, high, IM_COL32(255, 255, 255, 255), 0, 0, 2 * canvas.scale);
      }
      if (std::abs(centre.x - mouse.x) <= half && std::abs(centre.y - mouse.y) <= half) hovered = node;
      continue;
    }
    if (in_focus(state, node)) {
      // A check's evidence names this node: a magenta halo, outside its timer rings.
      float halo = radius + ring_space + 5 * canvas.scale;
      draw->AddCircleFilled(centre, halo, to_imgui(colours::kCheckFailureMarker.with_alpha(60)), 40);
      draw->AddCircle(centre, halo, to_imgui(colours::kCheckFailureMarker), 40, 3 * canvas.scale);
    }
    draw_timer_rings(draw, canvas, view, timers[node], centre, radius);
    draw->AddCircleFilled(centre, radius, to_imgui(snapshot.status == NodeStatus::crashed ? fill.with_alpha(120) : fill), 40);
    bool selected = state.selection.node == node;
    draw->AddCircle(centre, radius, selected ? IM_COL32(255, 255, 255, 255) : IM_COL32(15, 15, 20, 255), 40,
                    (selected ? 3.0f : 1.5f) * canvas.scale);
    bool captioned = server || canvas.client_labels;
    // A crashed node's cross goes under its name, which is light on the dimmed grey, so it stays readable.
    bool crashed = snapshot.status == NodeStatus::crashed;
    if (crashed) draw_cross(draw, centre, radius * 0.75f, to_imgui(colours::kDropped.with_alpha(200)), 3 * canvas.scale);
    if (captioned) {
      draw_node_name(draw, centre, radius, ring_space, node_label(*view.timeline, node), fill.lighter(0.3),
                     crashed ? IM_COL32(235, 235, 240, 255) : IM_COL32(15, 15, 20, 255));
    }
    if (snapshot.status == NodeStatus::paused) {
      draw->AddCircle(centre, radius + 2 * canvas.scale, to_imgui(colours::kPaused), 40, 3 * canvas.scale);
      draw_pause_bars(draw, ImVec2(centre.x + radius * 0.85f, centre.y - radius * 0.85f), radius * 0.55f, to_imgui(colours::kPaused));
    }

    // Below the node: its role (or status) and its few key numbers.
    if (captioned) {
      std::string caption = snapshot.status == NodeStatus::alive ? role : node_status_name(snapshot.status);
      std::string badge = node_badge(snapshot);
      float line = ImGui::GetTextLineHeight();
      float below = centre.y + radius + ring_space;
      if (!caption.empty()) draw_caption(draw, canvas, ImVec2(centre.x, below + line * 0.5f), to_imgui(fill.lighter(0.3)), caption);
      std::vector<std::string> badge_lines;
      if (!badge.empty()) {
        float room = node < canvas.caption_width.size() ? canvas.caption_width[node] : 0.0f;
        badge_lines = room > 0 ? wrap_caption(badge, room, [](const std::string& text) { return ImGui::CalcTextSize(text.c_str()).x; })
                               : std::vector<std::string>{badge};
      }
      for (std::size_t i = 0; i < badge_lines.size(); ++i) {
        draw_caption(draw, canvas, ImVec2(centre.x, below + line * (1.5f + static_cast<float>(i))), to_imgui(colours::kText),
                     badge_lines[i]);
      }
      // A transactional store: what it holds now (a 2PC branch prepared and in doubt, its locks).
      if (txn != nullptr) {
        float y = below + line * (1.5f + static_cast<float>(badge_lines.size()));
        for (const std::string& text : txn_node_lines(*txn, snapshot, node, view.world->time_us)) {
          draw_centred_text(draw, ImVec2(centre.x, y), to_imgui(text.find("PREPARED") != std::string::npos ? colours::kPaused : colours::kText), text);
          y += line;
        }
      }
    }
    if (distance(centre, mouse) <= radius) hovered = node;
  }
  return hovered;
}

// What a check failure in focus found, at the top of the canvas (with the other overlays).
void draw_check_focus_banner(ImDrawList* draw, const Canvas& canvas, const PanelState& state, float y) {
  if (!state.check_focus) return;
  std::string text = "check failure at " + time_label(state.check_focus->at_us) + ": " + state.check_focus->label;
  float room = canvas.size.x - 12;
  while (text.size() > 8 && ImGui::CalcTextSize(text.c_str()).x > room) text = text.substr(0, text.size() - 4) + "...";
  draw->AddText(ImVec2(canvas.origin.x + 6, y), to_imgui(colours::kCheckFailureMarker), text.c_str());
}

}  // namespace

// ---------------------------------------------------------------- the window

void draw_topology(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Topology")) return ImGui::End();
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 size = ImGui::GetContentRegionAvail();
  size.x = std::max(size.x, 50.0f);
  size.y = std::max(size.y, 50.0f);
  ImGui::InvisibleButton("canvas", size);
  bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  bool canvas_hovered = ImGui::IsItemHovered();
  ImVec2 mouse = canvas_hovered ? ImGui::GetIO().MousePos : ImVec2(-1e6f, -1e6f);

  Canvas canvas = place_nodes(view, origin, size, state.ui_scale);

  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
  draw_partition_groups(draw, canvas, view);
  draw_links(draw, canvas, view);
  std::optional<NodeId> hovered_node = draw_nodes(draw, canvas, view, state, mouse);
  draw_messages(draw, canvas, view, state, mouse);
  TopologyGeometry geometry{canvas.at, canvas.node_radius, canvas.scale};
  std::optional<std::pair<NodeId, NodeId>> hovered_link;
  if (!hovered_node && !state.hovered_message_send_event && !canvas.dense) hovered_link = link_under_mouse(view, geometry, mouse);
  draw_break_it_controls(view, state, geometry, draw, hovered_node, hovered_link);

  char clock[64];
  std::snprintf(clock, sizeof clock, "t = %s", time_label(view.world->time_us).c_str());
  draw->AddText(ImVec2(origin.x + 6, origin.y + 4), to_imgui(colours::kText), clock);
  float overlay_y = origin.y + 4 + ImGui::GetTextLineHeightWithSpacing();
  if (!view.world->partition.degradation.empty()) {
    std::string text = "links degraded: " + view.world->partition.degradation;
    draw->AddText(ImVec2(origin.x + 6, overlay_y), to_imgui(colours::kPaused), text.c_str());
    overlay_y += ImGui::GetTextLineHeightWithSpacing();
  }
  draw_check_focus_banner(draw, canvas, state, overlay_y);
  draw->PopClipRect();

  if (hovered_node && !state.hovered_message_send_event) {
    const NodeSnapshot& node = view.world->nodes[*hovered_node];
    const char* hint = state.session.active ? "click to inspect, right-click to break it" : "click to inspect";
    if (!ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)) {
      ImGui::SetTooltip("%s (%s)\n%s\n%s", node_label(*view.timeline, *hovered_node).c_str(), node_status_name(node.status),
                        node_badge(node).c_str(), hint);
    }
  }
  // A click picks the message under the mouse, else the node, else clears the selection.
  if (clicked) {
    if (state.hovered_message_send_event) state.selection = Selection{kNoNode, state.hovered_message_send_event};
    else if (hovered_node) state.selection = Selection{*hovered_node, std::nullopt};
    else state.selection = Selection{};
  }
  ImGui::End();
}

}  // namespace dsim::viz
