"""Schemas of the OpenAI-compatible routes (/v1/models, /v1/chat/completions), in OpenAI's wire format.

Only what this service uses or returns is declared; other request fields OpenAI clients send (temperature,
top_p, max_tokens, n, user, tools, ...) are accepted and ignored: the answer comes from the documents, not from
a sampled language model. The service's own data rides in the extra field `qa`, which OpenAI clients ignore.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from qa.answer.models import Citation
from qa.api.schemas import MAX_MESSAGE_CHARS, Mode, clean_text

# Messages one request may carry: a long chat is cut to its last QA_MAX_HISTORY_TURNS turns, not refused.
MAX_MESSAGES = 200
TOKENS = ("Counted as MeCab morphemes (fugashi with UniDic, the project's own tokenizer) of the NFKC text, "
          "particles and symbols included; white space is not counted.")


class ContentPart(BaseModel):
    """One part of a message's content; only `text` parts are read (images and files are ignored)."""

    model_config = ConfigDict(extra="ignore")

    type: str = Field(description="`text` parts are read; other types are ignored.")
    text: str | None = Field(None, max_length=MAX_MESSAGE_CHARS)


class ChatMessage(BaseModel):
    """One message of the conversation, as OpenAI clients send it."""

    model_config = ConfigDict(extra="ignore")

    role: Literal["system", "developer", "user", "assistant", "tool", "function"] = Field(
        description="`user` and `assistant` messages make the conversation; `system`, `developer`, `tool` and "
                    "`function` messages are ignored (the service answers from the documents and takes no "
                    "instructions).")
    content: Annotated[str, Field(max_length=MAX_MESSAGE_CHARS)] | list[ContentPart] | None = Field(
        None, description="Text, or a list of content parts.")

    @field_validator("content", mode="before")
    @classmethod
    def _clean(cls, value: object) -> object:
        return clean_text(value) if isinstance(value, str) else value

    @property
    def text(self) -> str:
        """The message's text: the string, or its text parts joined."""
        if isinstance(self.content, str):
            return self.content
        return "\n".join(clean_text(p.text) for p in self.content or [] if p.type == "text" and p.text)


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")

    include_usage: bool = Field(False, description="Send a last chunk with `usage` (and no choices) before [DONE].")


class ChatCompletionRequest(BaseModel):
    """A chat completion request: the last message is the question, the earlier user/assistant ones its history."""

    model_config = ConfigDict(extra="ignore")

    model: str = Field(description="A model id from GET /v1/models (the served index).", examples=["qa-budget"])
    messages: list[ChatMessage] = Field(min_length=1, max_length=MAX_MESSAGES,
                                        description="The conversation, oldest first; the last message must be the "
                                                    "user's question. Only its last QA_MAX_HISTORY_TURNS earlier "
                                                    "user/assistant turns are used.")
    stream: bool = Field(False, description="Answer as server-sent events (`chat.completion.chunk` objects, then "
                                            "`data: [DONE]`).")
    stream_options: StreamOptions | None = None
    mode: Mode = Field("hybrid", description="Not OpenAI's: retrieval mode (bm25, dense or hybrid).")


class Usage(BaseModel):
    prompt_tokens: int = Field(description="Tokens of what the service read: the question and the history turns "
                                           "it used. " + TOKENS)
    completion_tokens: int = Field(description="Tokens of the returned message content. " + TOKENS)
    total_tokens: int


class QAExtra(BaseModel):
    """The service's own answer data (OpenAI clients ignore this field)."""

    abstained: bool = Field(description="True when the documents do not say: the message says so plainly.")
    citations: list[Citation] = Field(description="Excerpts that prove the answer; `text` equals the document at "
                                                  "[start:end] (GET /api/documents/{document}).")
    related: list[Citation] = Field(default_factory=list, description="Nearest excerpts when abstaining (not proof).")
    programs: list[str] = Field(default_factory=list, description="Program ids, the one answered from first.")


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str = Field(description="The answer, then its sources (program, section, page) after 「出典 / Sources:」.")


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class ChatCompletion(BaseModel):
    """A whole answer (`stream` false)."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    qa: QAExtra


class Delta(BaseModel):
    role: Literal["assistant"] | None = None
    content: str | None = None


class ChunkChoice(BaseModel):
    index: int = 0
    delta: Delta
    finish_reason: Literal["stop"] | None = None
    logprobs: None = None


class ChatCompletionChunk(BaseModel):
    """One server-sent event of a streamed answer; the chunk that finishes it also carries `qa`, and with
    `stream_options.include_usage` a last chunk has `usage` and no choices."""

    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[ChunkChoice]
    usage: Usage | None = None
    qa: QAExtra | None = None


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int = Field(description="When the served index was built (Unix seconds).")
    owned_by: str = "qa"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


class OpenAIErrorBody(BaseModel):
    message: str = Field(description="Japanese, then English")
    type: str = Field(description="invalid_request_error | authentication_error | rate_limit_error | server_error")
    param: str | None = None
    code: str = Field(description="The API's snake_case error code (invalid_api_key, model_not_found, ...)")


class OpenAIErrorResponse(BaseModel):
    """Errors of the /v1 routes, in OpenAI's shape."""

    error: OpenAIErrorBody
