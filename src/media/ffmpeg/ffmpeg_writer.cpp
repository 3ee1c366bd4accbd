// The compressed-format writer of the FFmpeg module (src/media/media.h): libavformat muxes,
// libavcodec encodes, libswresample converts and resamples, as an FfmpegRecipe says.
#include "media/ffmpeg/ffmpeg_parts.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/base64.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
}

#include <algorithm>
#include <cstdio>

#include "common/error.h"
#include "common/format.h"
#include "export/subtitles.h"

namespace voxmark::audiobook {
namespace {

std::string av_error(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}

// "01:02:03.456": a Vorbis chapter time for a sample position.
std::string vorbis_chapter_time(std::uint64_t sample, int sample_rate_hz) {
  return format_timestamp(sample_to_ms(sample, sample_rate_hz), '.');
}

void put_u32_be(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

// A FLAC PICTURE block (the layout the METADATA_BLOCK_PICTURE comment carries, base64), type 3:
// the front cover.
std::string picture_comment(const Cover& cover) {
  std::string block;
  put_u32_be(block, 3);
  put_u32_be(block, static_cast<std::uint32_t>(cover.mime_type.size()));
  block += cover.mime_type;
  put_u32_be(block, 0);  // no description
  put_u32_be(block, static_cast<std::uint32_t>(cover.width_px));
  put_u32_be(block, static_cast<std::uint32_t>(cover.height_px));
  put_u32_be(block, 24);  // colour depth, bits a pixel
  put_u32_be(block, 0);   // not an indexed-colour picture
  put_u32_be(block, static_cast<std::uint32_t>(cover.bytes.size()));
  block += cover.bytes;
  std::string base64(AV_BASE64_SIZE(block.size()), '\0');
  av_base64_encode(base64.data(), static_cast<int>(base64.size()),
                   reinterpret_cast<const std::uint8_t*>(block.data()),
                   static_cast<int>(block.size()));
  base64.resize(base64.find('\0'));
  return base64;
}

class FfmpegWriter final : public FormatWriter {
 public:
  FfmpegWriter(const FfmpegRecipe& recipe, const FileSpec& spec)
      : shown_(spec.shown), in_rate_(spec.sample_rate_hz) {
    try {
      open(recipe, spec);
    } catch (...) {
      release();
      throw;
    }
  }

  ~FfmpegWriter() override { release(); }

  void open(const FfmpegRecipe& recipe, const FileSpec& spec) {
    out_rate_ = spec.encoding.sample_rate_hz > 0 ? spec.encoding.sample_rate_hz
                : recipe.sample_rate_hz > 0      ? recipe.sample_rate_hz
                                                 : spec.sample_rate_hz;
    open_container(recipe, spec);
    open_encoder(recipe, spec);
    add_tags_and_chapters(recipe, spec);
    if (spec.cover && recipe.cover == FfmpegRecipe::CoverStyle::attached_picture)
      add_cover_stream(*spec.cover);
    open_resampler();
    check_create(avio_open(&format_->pb, format_->url, AVIO_FLAG_WRITE), "cannot create");
    AVDictionary* options = nullptr;
    for (const auto& [key, value] : recipe.muxer_options)
      av_dict_set(&options, key.c_str(), value.c_str(), 0);
    const int header = avformat_write_header(format_, &options);
    av_dict_free(&options);
    if (header < 0) throw Error(ExitCode::io, write_failure(shown_, av_error(header)));
    if (cover_stream_) write_cover(*spec.cover);
    frame_ = av_frame_alloc();
    packet_ = av_packet_alloc();
    if (!frame_ || !packet_) throw std::bad_alloc();
  }

  void release() noexcept {
    av_frame_free(&frame_);
    av_packet_free(&packet_);
    if (fifo_) av_audio_fifo_free(fifo_);
    swr_free(&resampler_);
    avcodec_free_context(&encoder_);
    if (format_) {
      if (format_->pb) avio_closep(&format_->pb);
      avformat_free_context(format_);
      format_ = nullptr;
    }
  }

  void write(std::span<const std::int16_t> samples) override {
    if (samples.empty()) return;
    const std::uint8_t* in[] = {reinterpret_cast<const std::uint8_t*>(samples.data())};
    convert(in, static_cast<int>(samples.size()));
    drain_fifo(false);
  }

  void finish() override {
    convert(nullptr, 0);  // what the resampler still holds
    drain_fifo(true);
    encode(nullptr);
    const int trailer = av_write_trailer(format_);
    if (trailer < 0) throw Error(ExitCode::io, write_failure(shown_, av_error(trailer)));
    avio_flush(format_->pb);
    const int pb_error = format_->pb->error;
    const int closed = avio_closep(&format_->pb);
    if (pb_error < 0 || closed < 0) {
      throw Error(ExitCode::io, write_failure(shown_, av_error(pb_error < 0 ? pb_error : closed)));
    }
  }

 private:
  void check_create(int code, const char* what) {
    if (code < 0) {
      throw Error(ExitCode::cant_create,
                  shown_.string() + ": " + what + " (" + av_error(code) + ")");
    }
  }

  void open_container(const FfmpegRecipe& recipe, const FileSpec& spec) {
    // "file:" so that a ':' in a folder's name is never read as a protocol (the MP4 muxer
    // reopens the file by this name to move its index to the front).
    std::string url = "file:";  // appended: GCC 12 warns falsely on "literal" + string
    url += spec.path.string();
    check_create(
        avformat_alloc_output_context2(&format_, nullptr, recipe.muxer.c_str(), url.c_str()),
        "cannot set up the file");
    // Reproducible files: no encoder version strings that change with the library.
    format_->flags |= AVFMT_FLAG_BITEXACT;
  }

  void open_encoder(const FfmpegRecipe& recipe, const FileSpec& spec) {
    const AVCodec* codec = avcodec_find_encoder_by_name(recipe.encoder.c_str());
    if (!codec) {
      throw Error(ExitCode::cant_create, shown_.string() + ": this FFmpeg has no " +
                                             recipe.encoder +
                                             " encoder; install Debian's libavcodec");
    }
    encoder_ = avcodec_alloc_context3(codec);
    if (!encoder_) throw std::bad_alloc();
    encoder_->sample_rate = out_rate_;
    av_channel_layout_default(&encoder_->ch_layout, 1);
    encoder_->sample_fmt = codec->sample_fmts ? codec->sample_fmts[0] : AV_SAMPLE_FMT_S16;
    // Prefer 16-bit input where the encoder takes it (FLAC: lossless at our precision).
    for (const AVSampleFormat* f = codec->sample_fmts; f && *f != AV_SAMPLE_FMT_NONE; ++f) {
      if (*f == AV_SAMPLE_FMT_S16) encoder_->sample_fmt = AV_SAMPLE_FMT_S16;
    }
    const int kbps =
        spec.encoding.bitrate_kbps > 0 ? spec.encoding.bitrate_kbps : recipe.bitrate_kbps;
    if (kbps > 0) encoder_->bit_rate = static_cast<std::int64_t>(kbps) * 1000;
    encoder_->time_base = AVRational{1, out_rate_};
    encoder_->flags |= AV_CODEC_FLAG_BITEXACT;
    if (format_->oformat->flags & AVFMT_GLOBALHEADER)
      encoder_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    AVDictionary* options = nullptr;
    for (const auto& [key, value] : recipe.encoder_options)
      av_dict_set(&options, key.c_str(), value.c_str(), 0);
    const int opened = avcodec_open2(encoder_, codec, &options);
    av_dict_free(&options);
    check_create(opened, ("cannot start the " + recipe.encoder + " encoder").c_str());
    audio_ = avformat_new_stream(format_, nullptr);
    if (!audio_) throw std::bad_alloc();
    audio_->time_base = encoder_->time_base;
    check_create(avcodec_parameters_from_context(audio_->codecpar, encoder_),
                 "cannot set up the stream");
    frame_size_ =
        encoder_->frame_size > 0 && !(codec->capabilities & AV_CODEC_CAP_VARIABLE_FRAME_SIZE)
            ? encoder_->frame_size
            : 4096;
    pad_last_frame_ =
        encoder_->frame_size > 0 &&
        !(codec->capabilities & (AV_CODEC_CAP_SMALL_LAST_FRAME | AV_CODEC_CAP_VARIABLE_FRAME_SIZE));
  }

  void add_tags_and_chapters(const FfmpegRecipe& recipe, const FileSpec& spec) {
    AVDictionary** tags = recipe.tags_on_stream ? &audio_->metadata : &format_->metadata;
    const Tags& t = spec.tags;
    const auto set = [&](const char* key, const std::string& value) {
      if (!value.empty()) av_dict_set(tags, key, value.c_str(), 0);
    };
    set("title", t.title);
    set("artist", t.artist);
    set("album_artist", t.artist);
    set("album", t.album);
    set("comment", t.comment);
    set("genre", t.genre);
    if (t.track_number > 0) {
      set("track", std::to_string(t.track_number) +
                       (t.track_total > 0 ? "/" + std::to_string(t.track_total) : ""));
    }
    if (spec.cover && recipe.cover == FfmpegRecipe::CoverStyle::picture_comment) {
      set("METADATA_BLOCK_PICTURE", picture_comment(*spec.cover));
    }
    if (recipe.chapters == FfmpegRecipe::Chapters::vorbis_comments) {
      for (std::size_t i = 0; i < spec.chapters.size(); ++i) {
        char key[32];
        std::snprintf(key, sizeof key, "CHAPTER%03zu", i + 1);
        set(key, vorbis_chapter_time(spec.chapters[i].sample_offset, spec.sample_rate_hz));
        set((std::string(key) + "NAME").c_str(), spec.chapters[i].title);
      }
      return;
    }
    if (spec.chapters.empty()) return;
    // libavformat frees these with the context.
    format_->chapters =
        static_cast<AVChapter**>(av_calloc(spec.chapters.size(), sizeof(AVChapter*)));
    if (!format_->chapters) throw std::bad_alloc();
    for (std::size_t i = 0; i < spec.chapters.size(); ++i) {
      auto* chapter = static_cast<AVChapter*>(av_mallocz(sizeof(AVChapter)));
      if (!chapter) throw std::bad_alloc();
      format_->chapters[format_->nb_chapters++] = chapter;
      chapter->id = static_cast<std::int64_t>(i + 1);
      chapter->time_base = AVRational{1, spec.sample_rate_hz};
      chapter->start = static_cast<std::int64_t>(spec.chapters[i].sample_offset);
      chapter->end = static_cast<std::int64_t>(
          i + 1 < spec.chapters.size() ? spec.chapters[i + 1].sample_offset : spec.total_samples);
      av_dict_set(&chapter->metadata, "title", spec.chapters[i].title.c_str(), 0);
    }
  }

  void add_cover_stream(const Cover& cover) {
    cover_stream_ = avformat_new_stream(format_, nullptr);
    if (!cover_stream_) throw std::bad_alloc();
    cover_stream_->disposition = AV_DISPOSITION_ATTACHED_PIC;
    cover_stream_->time_base = AVRational{1, 90000};
    cover_stream_->codecpar->codec_type = AVMEDIA_TYPE_VIDEO;
    cover_stream_->codecpar->codec_id =
        cover.mime_type == "image/png" ? AV_CODEC_ID_PNG : AV_CODEC_ID_MJPEG;
    cover_stream_->codecpar->width = cover.width_px;
    cover_stream_->codecpar->height = cover.height_px;
    av_dict_set(&cover_stream_->metadata, "comment", "Cover (front)", 0);
  }

  void write_cover(const Cover& cover) {
    AVPacket* packet = av_packet_alloc();
    if (!packet || av_new_packet(packet, static_cast<int>(cover.bytes.size())) < 0) {
      av_packet_free(&packet);
      throw std::bad_alloc();
    }
    std::copy(cover.bytes.begin(), cover.bytes.end(), packet->data);
    packet->stream_index = cover_stream_->index;
    packet->flags |= AV_PKT_FLAG_KEY;
    packet->pts = packet->dts = 0;
    const int written = av_interleaved_write_frame(format_, packet);
    av_packet_free(&packet);
    if (written < 0) throw Error(ExitCode::io, write_failure(shown_, av_error(written)));
  }

  void open_resampler() {
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    int made = swr_alloc_set_opts2(&resampler_, &encoder_->ch_layout, encoder_->sample_fmt,
                                   out_rate_, &mono, AV_SAMPLE_FMT_S16, in_rate_, 0, nullptr);
    if (made >= 0) made = swr_init(resampler_);
    check_create(made, "cannot set up resampling");
    fifo_ = av_audio_fifo_alloc(encoder_->sample_fmt, 1, frame_size_ * 2);
    if (!fifo_) throw std::bad_alloc();
  }

  // Resamples and converts `count` input samples (nullptr: flush) into the FIFO.
  void convert(const std::uint8_t** in, int count) {
    const int room = swr_get_out_samples(resampler_, count);
    if (room <= 0) return;
    if (av_samples_alloc(converted_, nullptr, 1, room, encoder_->sample_fmt, 0) < 0)
      throw std::bad_alloc();
    const int got = swr_convert(resampler_, converted_, room, in, count);
    if (got > 0 && av_audio_fifo_write(fifo_, reinterpret_cast<void**>(converted_), got) < got) {
      av_freep(&converted_[0]);
      throw std::bad_alloc();
    }
    av_freep(&converted_[0]);
    if (got < 0)
      throw Error(ExitCode::software,
                  shown_.string() + ": resampling failed (" + av_error(got) + ")");
  }

  // Encodes whole frames from the FIFO; with `last`, the rest too.
  void drain_fifo(bool last) {
    while (av_audio_fifo_size(fifo_) >= frame_size_ || (last && av_audio_fifo_size(fifo_) > 0)) {
      const int n = std::min(frame_size_, av_audio_fifo_size(fifo_));
      av_frame_unref(frame_);
      frame_->nb_samples = pad_last_frame_ ? frame_size_ : n;
      frame_->format = encoder_->sample_fmt;
      frame_->sample_rate = out_rate_;
      av_channel_layout_copy(&frame_->ch_layout, &encoder_->ch_layout);
      if (av_frame_get_buffer(frame_, 0) < 0) throw std::bad_alloc();
      if (frame_->nb_samples > n) {
        av_samples_set_silence(frame_->extended_data, n, frame_->nb_samples - n, 1,
                               encoder_->sample_fmt);
      }
      av_audio_fifo_read(fifo_, reinterpret_cast<void**>(frame_->extended_data), n);
      frame_->pts = next_pts_;
      next_pts_ += frame_->nb_samples;
      encode(frame_);
    }
  }

  void encode(AVFrame* frame) {
    int sent = avcodec_send_frame(encoder_, frame);
    if (sent < 0)
      throw Error(ExitCode::software,
                  shown_.string() + ": encoding failed (" + av_error(sent) + ")");
    for (;;) {
      const int got = avcodec_receive_packet(encoder_, packet_);
      if (got == AVERROR(EAGAIN) || got == AVERROR_EOF) return;
      if (got < 0)
        throw Error(ExitCode::software,
                    shown_.string() + ": encoding failed (" + av_error(got) + ")");
      packet_->stream_index = audio_->index;
      av_packet_rescale_ts(packet_, encoder_->time_base, audio_->time_base);
      const int written = av_interleaved_write_frame(format_, packet_);
      if (written < 0) throw Error(ExitCode::io, write_failure(shown_, av_error(written)));
    }
  }

  std::filesystem::path shown_;
  int in_rate_;
  int out_rate_ = 0;
  AVFormatContext* format_ = nullptr;
  AVCodecContext* encoder_ = nullptr;
  AVStream* audio_ = nullptr;
  AVStream* cover_stream_ = nullptr;
  SwrContext* resampler_ = nullptr;
  AVAudioFifo* fifo_ = nullptr;
  AVFrame* frame_ = nullptr;
  AVPacket* packet_ = nullptr;
  std::uint8_t* converted_[1] = {nullptr};
  int frame_size_ = 1024;
  bool pad_last_frame_ = false;
  std::int64_t next_pts_ = 0;
};

}  // namespace
}  // namespace voxmark::audiobook

namespace voxmark::media::ffmpeg_module {

std::unique_ptr<audiobook::FormatWriter> open_writer(const audiobook::FfmpegRecipe& recipe,
                                                     const audiobook::FileSpec& spec) {
  return std::make_unique<audiobook::FfmpegWriter>(recipe, spec);
}

}  // namespace voxmark::media::ffmpeg_module
